using System.Diagnostics;
using System.Text.Json;
using Segnals.Mcp.Server.Tests.Infrastructure;
using Segnals.Testing;
using Xunit;

namespace Segnals.Mcp.Server.Tests;

/// <summary>
/// stdin closing is how a client says "no more requests", not "stop answering": scripts and CI checks
/// write a batch and close stdin. Every request read before EOF is answered; a call still waiting on a
/// hung API gets a short grace period and is then answered with an error saying it was cancelled;
/// then the process exits 0.
/// </summary>
public sealed class StdinCloseTests
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task A_batch_written_before_stdin_closes_is_answered_in_full_then_the_process_exits_0()
    {
        await using var backend = await ScriptedBackend.StartAsync(async (request, context, stopping) =>
        {
            if (request is not { Method: "GET", Path: "/user/me" })
            {
                return false;
            }

            // Still running when EOF arrives: the answer must not be lost with the input.
            await Task.Delay(TimeSpan.FromMilliseconds(300), stopping);
            return await ScriptedBackend.JsonAsync(context, 200, """{"id":9,"username":"batch-user"}""");
        });
        await using var process = ServerProcess.Start([], backend.Environment());
        await UntilAsync(() => backend.Seen("GET", "/keys/self").Count > 0);

        var answers = await WriteBatchThenCloseAsync(process, RawJsonRpc.ToolsList(2), RawJsonRpc.ToolsCall(3, "segnals_whoami"));

        Assert.Equal("segnals-mcp", answers[1].GetProperty("result").GetProperty("serverInfo").GetProperty("name").GetString());
        Assert.Equal(36, answers[2].GetProperty("result").GetProperty("tools").GetArrayLength());
        Assert.Equal("batch-user", answers[3].GetProperty("result").GetProperty("structuredContent").GetProperty("username").GetString());
        Canary.AssertAbsent(process.StdoutText + process.StderrText, [backend.Key], "output");
    }

    [Fact]
    public async Task A_batch_written_before_stdin_closes_is_answered_in_full_in_sandbox_mode()
    {
        var directory = Directory.CreateTempSubdirectory("segnals-stdin-close-");
        try
        {
            await using var process = ServerProcess.Start(["--sandbox"], new Dictionary<string, string?>
            {
                ["SEGNALS_API_KEY"] = null,
                ["SEGNALS_SANDBOX_DB"] = Path.Combine(directory.FullName, "sandbox.db"),
            });
            await UntilAsync(() => process.StderrLines.Any(line => line.Contains("SANDBOX mode", StringComparison.Ordinal)));
            await AnswerFromEmbeddedApiAsync(process);

            var answers = await WriteBatchThenCloseAsync(process, RawJsonRpc.ToolsList(2), RawJsonRpc.ToolsCall(3, "segnals_list_bots"));

            Assert.Equal(36, answers[2].GetProperty("result").GetProperty("tools").GetArrayLength());
            Assert.True(answers[3].GetProperty("result").GetProperty("structuredContent").GetProperty("bots").GetArrayLength() > 0);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Stdin_eof_during_a_hung_call_answers_it_as_cancelled_after_a_short_grace_and_exits_0()
    {
        var received = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var aborted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var backend = await ScriptedBackend.StartAsync(async (request, context, _) =>
        {
            if (request is not { Method: "GET", Path: "/bots/" })
            {
                return false;
            }

            received.TrySetResult();
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(60), context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                aborted.TrySetResult();
                throw;
            }

            return await ScriptedBackend.JsonAsync(context, 200, """{"bots":[]}""");
        });
        await using var process = ServerProcess.Start([], backend.Environment(("SEGNALS_TIMEOUT_MS", "60000")));
        await process.WriteRawAsync(RawJsonRpc.Initialize + "\n");
        await process.ReadLineAsync();
        await process.WriteRawAsync(RawJsonRpc.Initialized + "\n");
        await process.WriteRawAsync(RawJsonRpc.ToolsCall(2, "segnals_list_bots") + "\n");
        await received.Task.WaitAsync(TimeSpan.FromSeconds(15));

        var stopwatch = Stopwatch.StartNew();
        process.CloseInput();
        var exitCode = await process.WaitForExitAsync(TimeSpan.FromSeconds(15));

        Assert.Equal(0, exitCode);
        Assert.True(stopwatch.Elapsed < Grace * 3, $"Exit after EOF with a hung call took {stopwatch.Elapsed}.");
        Assert.True(stopwatch.Elapsed >= Grace * 0.75, $"The in-flight call got no grace period ({stopwatch.Elapsed}).");
        await aborted.Task.WaitAsync(TimeSpan.FromSeconds(5));
        StdoutAssert.OnlyJsonRpc(process.StdoutText);
        var error = RawJsonRpc.AnswersById(process.StdoutText)[2].GetProperty("error");
        Assert.Equal(-32603, error.GetProperty("code").GetInt32());
        Assert.Equal(
            "Cancelled: the client closed stdin and segnals_list_bots did not finish within the 2 s grace period.",
            error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Stdin_eof_after_the_handshake_exits_promptly_with_code_0()
    {
        await using var backend = await ScriptedBackend.StartAsync((_, _, _) => Task.FromResult(false));
        await using var process = ServerProcess.Start([], backend.Environment());
        await process.WriteRawAsync(RawJsonRpc.Initialize + "\n");
        Assert.Equal("segnals-mcp", RawJsonRpc.Response(await process.ReadLineAsync(), 1).GetProperty("result").GetProperty("serverInfo").GetProperty("name").GetString());
        await process.WriteRawAsync(RawJsonRpc.Initialized + "\n");

        var stopwatch = Stopwatch.StartNew();
        process.CloseInput();
        var exitCode = await process.WaitForExitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(0, exitCode);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(3), $"Exit after EOF with nothing in flight took {stopwatch.Elapsed}.");
        StdoutAssert.OnlyJsonRpc(process.StdoutText);
        Canary.AssertAbsent(process.StdoutText + process.StderrText, [backend.Key], "output");
    }

    [Fact]
    public async Task Stdin_eof_before_any_message_exits_with_code_0()
    {
        await using var backend = await ScriptedBackend.StartAsync((_, _, _) => Task.FromResult(false));
        await using var process = ServerProcess.Start([], backend.Environment());

        process.CloseInput();

        Assert.Equal(0, await process.WaitForExitAsync());
        Assert.Equal(string.Empty, process.StdoutText);
    }

    /// <summary>
    /// Waits until the process is up, so the 2 s grace that starts at EOF measures answering the batch, not
    /// starting the runtime (seconds on a loaded machine, before a single request is read).
    /// </summary>
    private static async Task UntilAsync(Func<bool> started)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!started())
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), timeout.Token);
        }
    }

    /// <summary>One request to the embedded sandbox API (any answer), so its first-request start-up is behind us too.</summary>
    private static async Task AnswerFromEmbeddedApiAsync(ServerProcess process)
    {
        var line = process.StderrLines.First(line => line.Contains("Local API ", StringComparison.Ordinal));
        var api = System.Text.RegularExpressions.Regex.Match(line, @"Local API (\S+),").Groups[1].Value;
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        using var response = await http.GetAsync(api + "/keys/self");
    }

    /// <summary>initialize, initialized, then <paramref name="requests"/>, all in one write, then EOF; returns every answer by id.</summary>
    private static async Task<IReadOnlyDictionary<int, JsonElement>> WriteBatchThenCloseAsync(ServerProcess process, params string[] requests)
    {
        await process.WriteRawAsync(string.Join("\n", [RawJsonRpc.Initialize, RawJsonRpc.Initialized, .. requests]) + "\n");
        process.CloseInput();

        Assert.Equal(0, await process.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        StdoutAssert.OnlyJsonRpc(process.StdoutText);
        var answers = RawJsonRpc.AnswersById(process.StdoutText);
        Assert.True(answers.Count == requests.Length + 1, $"Expected {requests.Length + 1} answers, got {answers.Count}. stdout:\n{process.StdoutText}\nstderr:\n{process.StderrText}");
        foreach (var (id, answer) in answers)
        {
            Assert.False(answer.TryGetProperty("error", out var error), $"Request {id} failed: {error}");
        }

        return answers;
    }
}
