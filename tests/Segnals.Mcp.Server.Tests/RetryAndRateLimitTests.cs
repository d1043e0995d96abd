using System.Diagnostics;
using System.Text.RegularExpressions;
using Segnals.Mcp.Server.Tests.Infrastructure;
using Segnals.Testing;
using Xunit;

namespace Segnals.Mcp.Server.Tests;

/// <summary>
/// Retries only where repeating is safe, counted at the backend: a POST the backend committed before
/// answering 502 is sent once; reads (and idempotent writes, with one Idempotency-Key) are retried.
/// And the client-side budget stops a looping agent before anything is sent.
/// </summary>
public sealed class RetryAndRateLimitTests
{
    [Fact]
    public async Task A_post_the_backend_committed_before_answering_502_is_not_sent_twice()
    {
        var committed = 0;
        await using var backend = await ScriptedBackend.StartAsync(async (request, context, _) =>
        {
            if (request.Method != "POST")
            {
                return false;
            }

            Interlocked.Increment(ref committed);
            return await ScriptedBackend.JsonAsync(context, 502, """{"message":"upstream timed out after committing"}""");
        });
        await using var session = await ServerSession.StartAsync(backend.Environment(("SEGNALS_CONFIRMATION", "flag"), ("SEGNALS_MAX_RETRIES", "3")));

        var stop = await session.CallAsync("segnals_stop_bot", new { bot_id = 7 });
        var create = await session.CallAsync("segnals_create_bot", Arguments.Confirmed(new { exchange = "bybit", name = "e2e", symbol = "BTCUSDT" }, token: null));

        foreach (var outcome in new[] { stop, create })
        {
            Assert.Equal(
                "The Segnals API failed (HTTP 502) and this POST, sent once, was NOT retried automatically because it may have been applied; check the current state before trying again.",
                outcome.Error);
            Sentence.AssertOne(outcome.Error);
        }

        Assert.Equal(2, committed);
        var control = Assert.Single(backend.Seen("POST", "/bots/7/control"));
        var created = Assert.Single(backend.Seen("POST", "/bots/create"));
        Assert.False(string.IsNullOrEmpty(control.IdempotencyKey));
        Assert.False(string.IsNullOrEmpty(created.IdempotencyKey));
        Assert.NotEqual(control.IdempotencyKey, created.IdempotencyKey);
        Assert.Contains("\"action\":\"stop\"", control.Body);
    }

    [Fact]
    public async Task A_get_answered_503_is_retried_until_it_succeeds()
    {
        var attempts = 0;
        await using var backend = await ScriptedBackend.StartAsync(async (request, context, _) =>
        {
            if (request is not { Method: "GET", Path: "/bots/" })
            {
                return false;
            }

            return Interlocked.Increment(ref attempts) <= 2
                ? await ScriptedBackend.JsonAsync(context, 503, """{"message":"maintenance"}""")
                : await ScriptedBackend.JsonAsync(context, 200, """{"bots":[{"id":11,"name":"Third time lucky","status":"stopped"}]}""");
        });
        await using var session = await ServerSession.StartAsync(backend.Environment());

        var data = (await session.CallAsync("segnals_list_bots")).Data;

        Assert.Equal("Third time lucky", Assert.Single(data.GetProperty("bots").EnumerateArray()).GetProperty("name").GetString());
        var seen = backend.Seen("GET", "/bots/");
        Assert.Equal(3, seen.Count);
        Assert.All(seen, request => Assert.Null(request.IdempotencyKey));
    }

    [Fact]
    public async Task A_retry_waits_for_the_retry_after_the_api_asked_for()
    {
        var attempts = 0;
        await using var backend = await ScriptedBackend.StartAsync(async (request, context, _) =>
        {
            if (request is not { Method: "GET", Path: "/bots/" })
            {
                return false;
            }

            return Interlocked.Increment(ref attempts) == 1
                ? await ScriptedBackend.JsonAsync(context, 503, """{"message":"busy"}""", ("Retry-After", "1"))
                : await ScriptedBackend.JsonAsync(context, 200, """{"bots":[]}""");
        });
        await using var session = await ServerSession.StartAsync(backend.Environment());

        Assert.False((await session.CallAsync("segnals_list_bots")).IsError);

        var seen = backend.Seen("GET", "/bots/");
        Assert.Equal(2, seen.Count);
        Assert.True(Stopwatch.GetElapsedTime(seen[0].Timestamp, seen[1].Timestamp) >= TimeSpan.FromMilliseconds(950), "The retry came before Retry-After elapsed.");
    }

    [Fact]
    public async Task An_idempotent_delete_is_retried_with_the_same_idempotency_key()
    {
        var attempts = 0;
        await using var backend = await ScriptedBackend.StartAsync(async (request, context, _) =>
        {
            if (request is not { Method: "DELETE", Path: "/bots/2" })
            {
                return false;
            }

            return Interlocked.Increment(ref attempts) == 1
                ? await ScriptedBackend.JsonAsync(context, 503, """{"message":"busy"}""")
                : await ScriptedBackend.JsonAsync(context, 200, """{"msg":"Bot deleted","bot_id":2}""");
        });
        await using var session = await ServerSession.StartAsync(backend.Environment(("SEGNALS_CONFIRMATION", "flag")));

        Assert.False((await session.CallAsync("segnals_delete_bot", Arguments.Confirmed(new { bot_id = 2 }, token: null))).IsError);

        var seen = backend.Seen("DELETE", "/bots/2");
        Assert.Equal(2, seen.Count);
        Assert.NotNull(seen[0].IdempotencyKey);
        Assert.Equal(seen[0].IdempotencyKey, seen[1].IdempotencyKey);
    }

    [Fact]
    public async Task The_client_side_budget_says_slow_down_and_sends_nothing()
    {
        await using var backend = await ScriptedBackend.StartAsync(async (request, context, _) =>
            request is { Method: "GET", Path: "/bots/" } && await ScriptedBackend.JsonAsync(context, 200, """{"bots":[]}"""));
        await using var session = await ServerSession.StartAsync(backend.Environment(("SEGNALS_RATE_LIMIT_PER_MINUTE", "3")));

        var outcomes = new List<ToolOutcome>();
        for (var call = 0; call < 4; call++)
        {
            outcomes.Add(await session.CallAsync("segnals_list_bots"));
        }

        // The budget of 3 covers the scope look-up and two calls; the rest are refused without a request.
        Assert.Equal([false, false, true, true], outcomes.Select(outcome => outcome.IsError));
        Assert.Equal(3, backend.Requests.Count);
        Assert.Equal(2, backend.Seen("GET", "/bots/").Count);
        var match = Regex.Match(outcomes[2].Error, @"^Slow down: this server allows 3 Segnals API calls per minute, so nothing was sent; retry in (\d+) s\.$");
        Assert.True(match.Success, outcomes[2].Error);
        Assert.InRange(int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), 1, 20);
        Sentence.AssertOne(outcomes[2].Error);
    }
}
