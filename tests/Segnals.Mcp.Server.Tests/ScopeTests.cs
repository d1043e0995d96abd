using Segnals.Mcp.Server.Tests.Infrastructure;
using Segnals.Testing;
using Xunit;

namespace Segnals.Mcp.Server.Tests;

/// <summary>The key's scopes, learned from GET /keys/self, hide and refuse what the key cannot use.</summary>
public sealed class ScopeTests
{
    [Fact]
    public async Task A_read_only_key_sees_no_write_tool_and_is_refused_naming_the_scope()
    {
        await using var sandbox = await SandboxBackend.StartAsync();
        var key = await sandbox.CreateDemoKeyAsync(SandboxBackend.ReadScopes);
        await using var session = await ServerSession.StartAsync(sandbox.Environment(key));

        var listed = await session.ToolNamesAsync();

        var usable = ExpectedTools.All.Where(tool => tool.Scope is null || SandboxBackend.ReadScopes.Contains(tool.Scope)).Select(tool => tool.Name);
        Assert.Equal(usable.Order(), listed.Order());
        Assert.All(listed, name => Assert.True(ExpectedTools.Get(name).IsRead, $"{name} is listed for a read-only key"));
        Assert.DoesNotContain("segnals_get_notifications", listed);

        foreach (var (tool, arguments, scope) in new (string, object, string)[]
        {
            ("segnals_delete_bot", new { bot_id = SandboxBackend.StoppedBot }, "control:bots"),
            ("segnals_delete_bot", Arguments.Confirmed(new { bot_id = SandboxBackend.StoppedBot }, "v1.x"), "control:bots"),
            ("segnals_create_bot", new { exchange = "bybit" }, "write:bots"),
            ("segnals_set_notifications", new { preferences = new { weekly_summary = new { enabled = false } } }, "manage:notifications"),
            ("segnals_get_notifications", new { }, "manage:notifications"),
        })
        {
            var refused = await session.CallAsync(tool, arguments);
            Assert.Contains($"'{scope}' scope", refused.Error);
            Assert.Contains("nothing was sent", refused.Error);
            Sentence.AssertOne(refused.Error);
        }

        Assert.Empty(await sandbox.WritesAsync());
        Assert.Equal("stopped", await sandbox.BotStatusAsync(SandboxBackend.StoppedBot));

        // The capabilities tool says the same thing the listing does.
        var capabilities = (await session.CallAsync("segnals_get_capabilities")).Data.GetProperty("tools").EnumerateArray()
            .ToDictionary(tool => tool.GetProperty("name").GetString()!, tool => tool.GetProperty("available").GetBoolean());
        Assert.False(capabilities["segnals_delete_bot"]);
        Assert.True(capabilities["segnals_list_bots"]);
    }

    [Fact]
    public async Task When_the_api_cannot_say_all_tools_are_listed_and_its_403_names_the_scope()
    {
        await using var backend = await ScriptedBackend.StartAsync(async (request, context, _) => request switch
        {
            { Path: "/keys/self" } => await ScriptedBackend.JsonAsync(context, 404, """{"message":"Not found"}"""),
            { Method: "GET", Path: "/bots/2" } => await ScriptedBackend.JsonAsync(context, 403,
                """{"message":"This API key lacks the 'read:bots' scope; create a key with it to use this endpoint","required":"read:bots"}"""),
            _ => false,
        });
        await using var session = await ServerSession.StartAsync(backend.Environment());

        Assert.Equal(36, (await session.ToolNamesAsync()).Count);
        var refused = await session.CallAsync("segnals_get_bot", new { bot_id = 2 });

        Assert.Contains("lacks the 'read:bots' scope", refused.Error);
        Assert.Contains("add 'read:bots' to the key", refused.Error);
        Sentence.AssertOne(refused.Error);
        Assert.Single(backend.Seen("GET", "/bots/2"));
        Assert.All(backend.Requests, request => Assert.True(request.BearerMatched));
    }

    [Fact]
    public async Task A_hanging_scope_look_up_does_not_hold_up_the_tool_list()
    {
        await using var backend = await ScriptedBackend.StartAsync(async (request, context, _) =>
        {
            if (request.Path != "/keys/self")
            {
                return false;
            }

            await Task.Delay(TimeSpan.FromSeconds(20), context.RequestAborted);
            return await ScriptedBackend.JsonAsync(context, 200, """{"scopes":["read:bots"]}""");
        });
        await using var session = await ServerSession.StartAsync(backend.Environment());

        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        var tools = await session.ToolNamesAsync();

        Assert.Equal(36, tools.Count);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(5), $"tools/list waited {stopwatch.Elapsed} for the scope look-up.");
    }
}
