using ModelContextProtocol;
using Segnals.Mcp.HttpServer.Tests.Infrastructure;
using Xunit;

namespace Segnals.Mcp.HttpServer.Tests;

/// <summary>
/// Both generations of MCP clients work against the stateless server: 2026-07-28 (server/discover, no session,
/// per-request metadata) and the initialize handshake of 2025-06-18 and 2025-11-25.
/// </summary>
public sealed class ProtocolGenerationTests(SandboxedServer hosted) : IClassFixture<SandboxedServer>
{
    [Theory]
    [InlineData(HostedClient.July2026)]
    [InlineData(HostedClient.November2025)]
    [InlineData(HostedClient.June2025)]
    public async Task A_client_of_each_revision_connects_lists_and_calls(string revision)
    {
        await using var client = await HostedClient.ConnectAsync(hosted.Server.Mcp, hosted.DemoKey, revision);

        Assert.Equal(revision, client.NegotiatedProtocolVersion);
        Assert.Equal("segnals-mcp", client.ServerInfo?.Name);
        Assert.Contains("segnals_get_capabilities", client.ServerInstructions);
        Assert.Null(client.SessionId);

        var tools = await client.ToolNamesAsync();
        Assert.Equal(36, tools.Count);
        Assert.Contains("segnals_delete_bot", tools);

        var whoami = await client.CallAsync("segnals_whoami");
        Assert.False(whoami.IsError, whoami.Text);
        Assert.Equal("demo", whoami.String("username"));

        var bot = await client.CallAsync("segnals_get_bot", new { bot_id = 2 });
        Assert.False(bot.IsError, bot.Text);
        Assert.Contains("ETH Scalper", bot.Text);
    }

    [Fact]
    public async Task A_client_that_lets_the_sdk_choose_gets_the_newest_revision()
    {
        await using var client = await HostedClient.ConnectAsync(hosted.Server.Mcp, hosted.DemoKey, protocolVersion: null);

        Assert.Equal(HostedClient.July2026, client.NegotiatedProtocolVersion);
        Assert.Equal("demo", (await client.CallAsync("segnals_whoami")).String("username"));
    }

    [Theory]
    [InlineData(HostedClient.July2026)]
    [InlineData(HostedClient.November2025)]
    public async Task Errors_come_back_as_the_protocol_says(string revision)
    {
        await using var client = await HostedClient.ConnectAsync(hosted.Server.Mcp, hosted.DemoKey, revision);

        // An unknown tool is a protocol error; bad arguments and API refusals are tool results that say what to fix.
        var unknown = await Assert.ThrowsAsync<McpProtocolException>(() => client.CallAsync("segnals_no_such_tool"));
        Assert.Contains("Unknown tool 'segnals_no_such_tool'", unknown.Message);

        var badArguments = await client.CallAsync("segnals_get_bot", new { bot_id = "two" });
        Assert.True(badArguments.IsError);
        Assert.Contains("bot_id", badArguments.Text);

        var missing = await client.CallAsync("segnals_get_bot", new { bot_id = 999_999 });
        Assert.True(missing.IsError);
        Assert.Contains("not found", missing.Text, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData(HostedClient.July2026)]
    [InlineData(HostedClient.November2025)]
    public async Task A_client_offering_dialogs_gets_a_token_preview_since_a_stateless_server_cannot_ask_it_anything(string revision)
    {
        var asked = 0;
        await using var client = await HostedClient.ConnectAsync(hosted.Server.Mcp, hosted.DemoKey, revision, options =>
            options.Handlers.ElicitationHandler = (_, _) =>
            {
                Interlocked.Increment(ref asked);
                return ValueTask.FromResult(new ModelContextProtocol.Protocol.ElicitResult { Action = "accept" });
            });

        var preview = await client.CallAsync("segnals_restart_bot", new { bot_id = 1 });

        Assert.True(preview.String("status") == "confirmation_required", preview.Text + " " + preview.Result.StructuredContent);
        Assert.StartsWith("v2.", preview.String("confirmation_token"));
        Assert.DoesNotContain("could not show", preview.Text);
        Assert.Equal(0, asked);
    }
}
