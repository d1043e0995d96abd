using System.Diagnostics;
using Segnals.Mcp.Server.Tests.Infrastructure;
using Segnals.Testing;
using Xunit;

namespace Segnals.Mcp.Server.Tests.Faults;

/// <summary>
/// The fault suite: every way <see cref="BackendFault.All"/> lists for the API to fail, staged by a raw-TCP
/// backend against the real segnals-mcp process driven by the SDK's client. For each: the tool result is
/// one sentence naming what happened; the attempts that reached the backend follow the retry rule (so no
/// write is performed twice); and the key is in no output (stdout, stderr, results: checked when the
/// session ends) and went nowhere but the API, as the bearer token.
/// </summary>
public sealed class BackendFaultTests
{
    public static TheoryData<string> Faults => BackendFault.Names;

    [Theory]
    [MemberData(nameof(Faults))]
    public async Task A_backend_fault_becomes_one_sentence_after_the_attempts_the_retry_rule_allows(string name)
    {
        var fault = BackendFault.Named(name);
        await using var backend = await FaultyBackend.StartAsync((request, wire) =>
            request.Method == fault.Call.Method && request.Path == fault.Call.Path ? fault.Stage(wire) : Task.FromResult(false));
        await using var session = await ServerSession.StartAsync(backend.Environment(fault.Settings));

        var outcome = await fault.Call.InvokeAsync(session);

        var attempts = backend.Seen(fault.Call.Method, fault.Call.Path);
        Assert.True(fault.ExpectedAttempts == attempts.Count, $"{attempts.Count} requests reached the backend, {fault.ExpectedAttempts} expected ({outcome.Text}).");
        Assert.Equal(fault.ExpectedError.Replace("{api}", backend.BaseAddress.Authority, StringComparison.Ordinal), outcome.Error);
        Sentence.AssertOne(outcome.Error);
        for (var next = 1; next < attempts.Count; next++)
        {
            var gap = Stopwatch.GetElapsedTime(attempts[next - 1].Timestamp, attempts[next].Timestamp);
            Assert.True(gap >= fault.MinimumGapBetweenAttempts, $"Attempt {next + 1} came {gap.TotalMilliseconds:0} ms after the previous one, before the Retry-After.");
        }

        Assert.All(backend.Requests, request => Assert.True(request.BearerMatched, $"{request.Method} {request.Path} did not carry the key as its bearer token."));
    }
}
