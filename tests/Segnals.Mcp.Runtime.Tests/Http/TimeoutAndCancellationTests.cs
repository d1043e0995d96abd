using System.Diagnostics;
using Segnals.Mcp.Runtime.Http;
using Segnals.Mcp.Runtime.Tests.Testing;
using Segnals.Testing;

namespace Segnals.Mcp.Runtime.Tests.Http;

/// <summary>A slow API becomes a Timeout error; the caller's cancellation stays a cancellation and is prompt.</summary>
public sealed class TimeoutAndCancellationTests : IAsyncLifetime
{
    private static readonly ScriptedReply Slow = new(200, "{}", Delay: TimeSpan.FromSeconds(20));

    private readonly ReplySequence _replies = new();
    private ScriptedBackend _backend = null!;

    public async Task InitializeAsync() => _backend = await ScriptedBackend.StartAsync(_replies.AnswerAsync, TestKeys.ApiKey);

    public async Task DisposeAsync() => await _backend.DisposeAsync();

    [Fact]
    public async Task An_attempt_that_takes_longer_than_the_timeout_is_a_timeout_error()
    {
        _replies.Reply(Slow);
        using var transport = Transports.For(_backend.BaseAddress, maxRetries: 0, timeout: TimeSpan.FromMilliseconds(300));
        var clock = Stopwatch.StartNew();

        var error = await ApiErrors.CaptureAsync(() => transport.SendAsync(Transports.Get("/bots/"), CancellationToken.None));

        Assert.Equal(ApiErrorKind.Timeout, error.Kind);
        Assert.Contains("did not answer within 300 ms after 1 attempt", error.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task A_timed_out_get_is_retried()
    {
        _replies.Reply(Slow, new ScriptedReply(200, """{"ok":true}"""));
        using var transport = Transports.For(_backend.BaseAddress, maxRetries: 1, timeout: TimeSpan.FromMilliseconds(300));

        var response = await transport.SendAsync(Transports.Get("/bots/"), CancellationToken.None);

        Assert.True(response.Body.GetProperty("ok").GetBoolean());
        Assert.Equal(2, _backend.Requests.Count);
    }

    [Fact]
    public async Task A_timed_out_post_is_sent_once_and_the_message_says_to_check_state()
    {
        _replies.Reply(Slow, new ScriptedReply(200, "{}"));
        using var transport = Transports.For(_backend.BaseAddress, maxRetries: 3, timeout: TimeSpan.FromMilliseconds(300));

        var error = await ApiErrors.CaptureAsync(() => transport.SendAsync(Transports.Post("/bots/create"), CancellationToken.None));

        Assert.Equal(ApiErrorKind.Timeout, error.Kind);
        Assert.Contains("NOT retried", error.Message);
        Assert.Single(_backend.Requests);
    }

    [Fact]
    public async Task Caller_cancellation_during_a_request_is_an_operation_canceled_exception_and_prompt()
    {
        _replies.Reply(Slow);
        using var transport = Transports.For(_backend.BaseAddress, timeout: TimeSpan.FromSeconds(30));
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var clock = Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => transport.SendAsync(Transports.Get("/bots/"), cancellation.Token));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"took {clock.Elapsed}");
        Assert.Single(_backend.Requests);
    }

    [Fact]
    public async Task Caller_cancellation_during_a_retry_wait_is_prompt()
    {
        _replies.Reply(new ScriptedReply(503, Headers: new Dictionary<string, string> { ["Retry-After"] = "25" }));
        using var transport = Transports.For(_backend.BaseAddress);
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var clock = Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => transport.SendAsync(Transports.Get("/bots/"), cancellation.Token));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"took {clock.Elapsed}");
        Assert.Single(_backend.Requests);
    }

    [Fact]
    public async Task An_already_canceled_call_sends_nothing()
    {
        using var transport = Transports.For(_backend.BaseAddress);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => transport.SendAsync(Transports.Get("/bots/"), new CancellationToken(canceled: true)));

        Assert.Empty(_backend.Requests);
    }
}
