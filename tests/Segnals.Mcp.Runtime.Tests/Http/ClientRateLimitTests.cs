using Segnals.Mcp.Runtime.Callers;
using Segnals.Mcp.Runtime.Http;
using Segnals.Mcp.Runtime.Tests.Testing;
using Segnals.Testing;

namespace Segnals.Mcp.Runtime.Tests.Http;

/// <summary>The client-side budget refuses at once (no waiting) and refills with time.</summary>
public sealed class ClientRateLimitTests : IAsyncLifetime
{
    private readonly ReplySequence _replies = new();
    private ScriptedBackend _backend = null!;

    public async Task InitializeAsync() => _backend = await ScriptedBackend.StartAsync(_replies.AnswerAsync, TestKeys.ApiKey);

    public async Task DisposeAsync() => await _backend.DisposeAsync();

    [Fact]
    public async Task A_call_beyond_the_budget_is_refused_without_sending_and_says_when_to_retry()
    {
        var clock = new ManualClock();
        using var transport = Transports.For(_backend.BaseAddress, rateLimitPerMinute: 2, time: clock);

        await transport.SendAsync(Transports.Get("/bots/"), CancellationToken.None);
        await transport.SendAsync(Transports.Get("/bots/"), CancellationToken.None);
        var error = await ApiErrors.CaptureAsync(() => transport.SendAsync(Transports.Get("/bots/"), CancellationToken.None));

        Assert.Equal(2, _backend.Requests.Count);
        Assert.Equal(ApiErrorKind.ClientRateLimited, error.Kind);
        Assert.Equal(TimeSpan.FromSeconds(30), error.RetryAfter);
        Assert.StartsWith("Slow down:", error.Message);
        Assert.Contains("retry in 30 s", error.Message);
    }

    [Fact]
    public async Task The_budget_refills_as_time_passes()
    {
        var clock = new ManualClock();
        using var transport = Transports.For(_backend.BaseAddress, rateLimitPerMinute: 2, time: clock);
        await transport.SendAsync(Transports.Get("/bots/"), CancellationToken.None);
        await transport.SendAsync(Transports.Get("/bots/"), CancellationToken.None);

        clock.Advance(TimeSpan.FromSeconds(20));
        var early = await ApiErrors.CaptureAsync(() => transport.SendAsync(Transports.Get("/bots/"), CancellationToken.None));
        clock.Advance(TimeSpan.FromSeconds(10));
        await transport.SendAsync(Transports.Get("/bots/"), CancellationToken.None);

        Assert.Equal(TimeSpan.FromSeconds(10), early.RetryAfter);
        Assert.Equal(3, _backend.Requests.Count);
    }

    [Fact]
    public async Task The_bucket_never_holds_more_than_one_minutes_budget()
    {
        var clock = new ManualClock();
        var limiter = new InProcessCallRateLimiter(3, clock);
        clock.Advance(TimeSpan.FromHours(1));

        var granted = 0;
        for (var attempt = 0; attempt < 10; attempt++)
        {
            granted += await limiter.TryAcquireAsync("caller", CancellationToken.None) is null ? 1 : 0;
        }

        Assert.Equal(3, granted);
    }

    [Fact]
    public async Task Each_caller_has_its_own_budget_and_sends_its_own_key()
    {
        var clock = new ManualClock();
        using var transport = Transports.For(_backend.BaseAddress, rateLimitPerMinute: 1, time: clock);
        var other = new ApiCallers(loadKeyInfo: null).ForKey(CanaryKey.New());

        await transport.SendAsync(Transports.Get("/bots/"), CancellationToken.None);
        var spent = await ApiErrors.CaptureAsync(() => transport.SendAsync(Transports.Get("/bots/"), CancellationToken.None));
        await transport.SendAsync(Transports.Get("/bots/", other), CancellationToken.None);

        Assert.Equal(ApiErrorKind.ClientRateLimited, spent.Kind);
        Assert.Equal([true, false], _backend.Requests.Select(request => request.BearerMatched));
    }

    [Fact]
    public async Task Retries_of_one_call_do_not_spend_more_of_the_budget()
    {
        _replies.Reply(new ScriptedReply(503), new ScriptedReply(200, "{}"));
        var clock = new ManualClock();
        using var transport = Transports.For(_backend.BaseAddress, rateLimitPerMinute: 1, time: clock);

        await transport.SendAsync(Transports.Get("/bots/"), CancellationToken.None);

        Assert.Equal(2, _backend.Requests.Count);
    }
}
