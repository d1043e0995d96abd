using Segnals.Mcp.HttpServer.Tests.Infrastructure;
using Segnals.Testing;
using Xunit;

namespace Segnals.Mcp.HttpServer.Tests;

/// <summary>
/// The read-only connector (/mcp/readonly) is served by the same process: it lists and accepts read tools only,
/// whatever the key may do, and a write tool called there is refused before anything reaches the API. The
/// operator's ceilings narrow both paths.
/// </summary>
public sealed class ReadOnlyConnectorTests
{
    private static readonly string[] WriteTools =
    [
        "segnals_create_bot", "segnals_update_bot", "segnals_delete_bot", "segnals_start_bot", "segnals_stop_bot", "segnals_restart_bot",
        "segnals_create_strategy", "segnals_set_indicator_filter", "segnals_publish_listing", "segnals_copy_strategy",
        "segnals_control_copy_trading", "segnals_set_notifications",
    ];

    [Theory]
    [InlineData(HostedClient.July2026)]
    [InlineData(HostedClient.November2025)]
    public async Task The_read_only_path_lists_only_read_tools_and_refuses_a_write_tool_without_calling_the_api(string revision)
    {
        await using var backend = await ScriptedBackend.StartAsync((_, _, _) => Task.FromResult(false));
        await using var server = await HostedProcess.StartAsync(backend.Environment(("SEGNALS_API_KEY", "")));
        var key = CanaryKey.New();

        await using (var readOnly = await HostedClient.ConnectAsync(server.ReadOnly, key, revision))
        {
            var tools = await readOnly.ToolNamesAsync();
            Assert.Equal(36 - WriteTools.Length, tools.Count);
            Assert.Empty(tools.Intersect(WriteTools));
            var listed = await readOnly.ListToolsAsync();
            Assert.All(listed, tool => Assert.True(tool.ProtocolTool.Annotations?.ReadOnlyHint, tool.Name));

            // Stop needs no confirmation, so on the full path it would be sent at once; here it must not be.
            await Assert.ThrowsAsync<ModelContextProtocol.McpProtocolException>(() => readOnly.CallAsync("segnals_stop_bot", new { bot_id = 1 }));
            await Assert.ThrowsAsync<ModelContextProtocol.McpProtocolException>(() => readOnly.CallAsync("segnals_delete_bot", new { bot_id = 1, confirm = true }));
            Assert.Empty(backend.ApiCalls);

            // Capabilities report what this connector exposes.
            var capabilities = (await readOnly.CallAsync("segnals_get_capabilities")).Result.StructuredContent!.Value;
            var stop = capabilities.GetProperty("tools").EnumerateArray().Single(tool => tool.GetProperty("name").GetString() == "segnals_stop_bot");
            Assert.False(stop.GetProperty("available").GetBoolean());
        }

        // The same key on the full path reaches the API with the same call: the refusal above was the connector's.
        await using var full = await HostedClient.ConnectAsync(server.Mcp, key, revision);
        Assert.Contains("segnals_stop_bot", await full.ToolNamesAsync());
        await full.CallAsync("segnals_stop_bot", new { bot_id = 1 });
        Assert.Single(backend.Seen("POST", "/bots/1/control"));
        server.AssertNoKeyIn([key, backend.Key]);
    }

    [Fact]
    public async Task The_operators_ceilings_narrow_both_paths()
    {
        await using var backend = await ScriptedBackend.StartAsync((_, _, _) => Task.FromResult(false));
        await using var server = await HostedProcess.StartAsync(
            backend.Environment(("SEGNALS_EXCLUDE_TOOLS", "segnals_get_bot_logs")),
            ["--toolsets", "bots,account"]);
        var key = CanaryKey.New();

        await using var full = await HostedClient.ConnectAsync(server.Mcp, key);
        await using var readOnly = await HostedClient.ConnectAsync(server.ReadOnly, key);
        var fullTools = await full.ToolNamesAsync();
        var readOnlyTools = await readOnly.ToolNamesAsync();

        Assert.Contains("segnals_delete_bot", fullTools);
        Assert.Contains("segnals_list_bots", readOnlyTools);
        foreach (var tools in new[] { fullTools, readOnlyTools })
        {
            Assert.DoesNotContain("segnals_get_bot_logs", tools);
            Assert.DoesNotContain("segnals_get_dashboard", tools);
            Assert.DoesNotContain("segnals_browse_marketplace", tools);
        }

        Assert.Equal(fullTools.Except(WriteTools).Order(), readOnlyTools.Order());
    }

    [Fact]
    public async Task A_read_only_server_serves_no_write_tool_on_either_path()
    {
        await using var backend = await ScriptedBackend.StartAsync((_, _, _) => Task.FromResult(false));
        await using var server = await HostedProcess.StartAsync(backend.Environment(("SEGNALS_READ_ONLY", "true")));
        await using var full = await HostedClient.ConnectAsync(server.Mcp, CanaryKey.New());

        Assert.Empty((await full.ToolNamesAsync()).Intersect(WriteTools));
        await Assert.ThrowsAsync<ModelContextProtocol.McpProtocolException>(() => full.CallAsync("segnals_stop_bot", new { bot_id = 1 }));
        Assert.Empty(backend.ApiCalls);
    }
}
