using System.Text.Json;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using Segnals.Mcp.Server.Tests.Infrastructure;
using Segnals.Testing;
using Xunit;

namespace Segnals.Mcp.Server.Tests;

/// <summary>
/// The process as a desktop client sees it: start-up refusals (exit 1, nothing on stdout, key never
/// echoed), garbage on stdin, cancelled calls (stdin EOF: <see cref="StdinCloseTests"/>). Raw-pipe tests speak JSON-RPC lines themselves.
/// </summary>
public sealed class LifecycleTests
{
    public static TheoryData<string, string?> BadKeys => new()
    {
        { "missing", null },
        { "blank", "   " },
        { "too short", "sk_test_CANARY" },
        { "wrong prefix", "sk_prod_CANARY_0123456789abcdefXYZ" },
        { "pasted with Bearer", "Bearer sk_test_CANARY_0123456789abcdefXYZ" },
        { "bad characters", "sk_test_CANARY_0123456789/abcdef+XYZ=" },
    };

    [Theory]
    [MemberData(nameof(BadKeys))]
    public async Task A_missing_or_malformed_key_exits_1_before_the_handshake_without_echoing_it(string name, string? key)
    {
        await using var process = ServerProcess.Start([], new Dictionary<string, string?> { ["SEGNALS_API_KEY"] = key });

        // Nothing is written to stdin: the server refuses on its own, before any handshake.
        var exitCode = await process.WaitForExitAsync();

        Assert.True(exitCode == 1, $"{name}: exit code {exitCode}");
        Assert.Equal(string.Empty, process.StdoutText);
        Assert.Contains("SEGNALS_API_KEY", process.StderrText);
        Assert.Contains("segnals.com → Settings → API Keys", process.StderrText);
        Assert.Contains(key is null || key.Trim().Length == 0 ? "is required" : "does not look like a Segnals API key", process.StderrText);
        Canary.AssertAbsent(process.StderrText, key is null ? [] : [key], "stderr");
    }

    [Fact]
    public async Task A_key_on_the_command_line_is_refused_without_echoing_it()
    {
        var key = Canary.NewKey();
        await using var process = ServerProcess.Start(["--api-key", key], new Dictionary<string, string?>());

        Assert.Equal(2, await process.WaitForExitAsync());
        Assert.Contains("never taken from the command line", process.StderrText);
        Assert.Equal(string.Empty, process.StdoutText);
        Canary.AssertAbsent(process.StderrText, [key], "stderr");
    }

    [Fact]
    public async Task Version_and_help_need_no_key()
    {
        await using var version = ServerProcess.Start(["--version"], new Dictionary<string, string?>());
        await using var help = ServerProcess.Start(["--help"], new Dictionary<string, string?>());

        Assert.Equal(0, await version.WaitForExitAsync());
        Assert.Equal(0, await help.WaitForExitAsync());
        Assert.Equal("segnals-mcp 1.0.0 (catalog 1.0.0, 36 tools)", version.StdoutText.Trim());
        foreach (var option in new[] { "--sandbox", "doctor", "--read-only", "--toolsets", "--tools", "--exclude-tools", "SEGNALS_API_KEY", "SEGNALS_CONFIRMATION", "SEGNALS_RATE_LIMIT_PER_MINUTE", "--tools-list", "SEGNALS_TOOLS_LIST" })
        {
            Assert.Contains(option, help.StdoutText);
        }
    }

    [Fact]
    public async Task Malformed_json_rpc_lines_do_not_stop_the_server()
    {
        await using var backend = await ScriptedBackend.StartAsync(async (request, context, _) =>
            request is { Method: "GET", Path: "/user/me" } && await ScriptedBackend.JsonAsync(context, 200, """{"id":9,"username":"raw-e2e","tier":"pro"}"""));
        await using var process = ServerProcess.Start([], backend.Environment());

        await process.WriteRawAsync("this is not json\n");
        await process.WriteRawAsync(RawJsonRpc.Initialize + "\n");
        Assert.True(RawJsonRpc.Response(await RawJsonRpc.ReadUntilIdAsync(process, 1), 1).TryGetProperty("result", out _));
        await process.WriteRawAsync(RawJsonRpc.Initialized + "\n");

        foreach (var garbage in new[]
        {
            "{\"jsonrpc\":\"2.0\",\"id\":",
            "[]",
            "{}",
            "42",
            "\u0000\u0001binary",
            """{"jsonrpc":"2.0","id":7,"method":"tools/call","params":"not an object"}""",
            """{"jsonrpc":"1.0","id":8,"method":"tools/list"}""",
        })
        {
            await process.WriteRawAsync(garbage + "\n");
        }

        await process.WriteRawAsync("""{"jsonrpc":"2.0","id":20,"method":"no/such/method"}""" + "\n");
        var unknown = RawJsonRpc.Response(await RawJsonRpc.ReadUntilIdAsync(process, 20), 20);
        Assert.Equal(-32601, unknown.GetProperty("error").GetProperty("code").GetInt32());

        await process.WriteRawAsync("""{"jsonrpc":"2.0","id":21,"method":"tools/call","params":{"name":"segnals_whoami","arguments":{}}}""" + "\n");
        var whoami = RawJsonRpc.Response(await RawJsonRpc.ReadUntilIdAsync(process, 21), 21).GetProperty("result");
        Assert.False(whoami.TryGetProperty("isError", out var isError) && isError.GetBoolean(), whoami.GetRawText());
        Assert.Equal("raw-e2e", whoami.GetProperty("structuredContent").GetProperty("username").GetString());

        process.CloseInput();
        Assert.Equal(0, await process.WaitForExitAsync());
        StdoutAssert.OnlyJsonRpc(process.StdoutText);
        Canary.AssertAbsent(process.StdoutText + process.StderrText, [backend.Key], "output");
    }

    /// <remarks>
    /// The SDK client (2.3.1) does not send notifications/cancelled when the CancellationToken given to
    /// CallToolAsync fires (modelcontextprotocol/csharp-sdk#1365): it only stops waiting. So the test
    /// sends the request with its own id and cancels it the way the protocol says, through the same client.
    /// </remarks>
    [Fact]
    public async Task A_cancelled_call_aborts_its_request_and_the_server_answers_the_next_call()
    {
        var received = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var aborted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var backend = await ScriptedBackend.StartAsync(async (request, context, stopping) =>
        {
            switch (request)
            {
                case { Method: "GET", Path: "/bots/" }:
                    received.TrySetResult();
                    try
                    {
                        await Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted);
                    }
                    catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
                    {
                        aborted.TrySetResult();
                        throw;
                    }

                    return await ScriptedBackend.JsonAsync(context, 200, """{"bots":[]}""");
                case { Method: "GET", Path: "/user/me" }:
                    return await ScriptedBackend.JsonAsync(context, 200, """{"id":9,"username":"after-cancel"}""");
                default:
                    return false;
            }
        });
        await using var session = await ServerSession.StartAsync(backend.Environment());
        var id = new RequestId("e2e-cancel-me");

        var call = session.Client.SendRequestAsync(
            new JsonRpcRequest
            {
                Id = id,
                Method = RequestMethods.ToolsCall,
                Params = JsonSerializer.SerializeToNode(new { name = "segnals_list_bots", arguments = new { } }),
            });
        await received.Task.WaitAsync(TimeSpan.FromSeconds(15));
        await session.Client.SendNotificationAsync(
            NotificationMethods.CancelledNotification,
            new CancelledNotificationParams { RequestId = id, Reason = "the user pressed stop" },
            McpJsonUtilities.DefaultOptions);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        await aborted.Task.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal("after-cancel", (await session.CallAsync("segnals_whoami")).Data.GetProperty("username").GetString());
        Assert.Single(backend.Seen("GET", "/bots/"));
        Assert.False(session.Process.HasExited);
        Assert.DoesNotContain("e2e-cancel-me", session.Process.StdoutText);
    }

    [Fact]
    public async Task Doctor_reports_the_account_scopes_and_usable_tools()
    {
        await using var sandbox = await SandboxBackend.StartAsync();
        var key = await sandbox.CreateDemoKeyAsync(SandboxBackend.ReadScopes);
        await using var process = ServerProcess.Start(["doctor"], sandbox.Environment(key));

        Assert.Equal(0, await process.WaitForExitAsync());
        Assert.Contains("API reachable  ok", process.StdoutText);
        Assert.Contains("Account        demo (tier vip)", process.StdoutText);
        Assert.Contains("23 of 36 exposed tools usable with this key", process.StdoutText);
        Assert.Contains("Key format     ok (sk_test_…)", process.StdoutText);
        Canary.AssertAbsent(process.StdoutText + process.StderrText, [key], "doctor output");
    }
}
