using System.Diagnostics;
using Segnals.Mcp.Runtime.Http;
using Segnals.Mcp.Runtime.Tests.Testing;
using Segnals.Testing;

namespace Segnals.Mcp.Runtime.Tests.Http;

/// <summary>Idempotent calls are retried on transient failures; a POST never is.</summary>
public sealed class RetryTests : IAsyncLifetime
{
    private static readonly ScriptedReply Unavailable = new(503, """{"message":"maintenance"}""");
    private static readonly ScriptedReply Ok = new(200, """{"ok":true}""");

    private readonly ReplySequence _replies = new();
    private ScriptedBackend _backend = null!;

    public async Task InitializeAsync() => _backend = await ScriptedBackend.StartAsync(_replies.AnswerAsync, TestKeys.ApiKey);

    public async Task DisposeAsync() => await _backend.DisposeAsync();

    [Fact]
    public async Task A_get_is_retried_on_503_and_then_succeeds()
    {
        _replies.Reply(Unavailable, Unavailable, Ok);
        using var transport = Transports.For(_backend.BaseAddress);

        var response = await transport.SendAsync(Transports.Get("/bots/"), CancellationToken.None);

        Assert.True(response.Body.GetProperty("ok").GetBoolean());
        Assert.Equal(3, _backend.Requests.Count);
    }

    [Fact]
    public async Task A_put_is_retried_with_the_same_idempotency_key_on_every_attempt()
    {
        _replies.Reply(new ScriptedReply(500), new ScriptedReply(502), Ok);
        using var transport = Transports.For(_backend.BaseAddress);

        await transport.SendAsync(Transports.Put("/bots/3"), CancellationToken.None);

        var keys = _backend.Requests.Select(request => request.Header("Idempotency-Key")).ToArray();
        Assert.Equal(3, keys.Length);
        Assert.NotNull(keys[0]);
        Assert.All(keys, key => Assert.Equal(keys[0], key));
    }

    [Fact]
    public async Task A_post_that_gets_502_is_sent_exactly_once_and_the_message_says_it_was_not_retried()
    {
        _replies.Reply(new ScriptedReply(502, "<html>bad gateway</html>", ContentType: "text/html"), Ok);
        using var transport = Transports.For(_backend.BaseAddress);

        var error = await ApiErrors.CaptureAsync(() => transport.SendAsync(Transports.Post("/bots/create"), CancellationToken.None));

        Assert.Single(_backend.Requests);
        Assert.Equal(ApiErrorKind.ServerError, error.Kind);
        Assert.Equal(502, error.StatusCode);
        Assert.Contains("NOT retried", error.Message);
        Assert.Contains("check the current state", error.Message);
    }

    [Fact]
    public async Task A_post_that_gets_429_is_not_retried_either()
    {
        _replies.Reply(new ScriptedReply(429, """{"retry_after":1}"""), Ok);
        using var transport = Transports.For(_backend.BaseAddress);

        var error = await ApiErrors.CaptureAsync(() => transport.SendAsync(Transports.Post("/bots/1/control"), CancellationToken.None));

        Assert.Single(_backend.Requests);
        Assert.Equal(ApiErrorKind.RateLimited, error.Kind);
    }

    [Fact]
    public async Task Retries_stop_after_max_retries_and_the_message_counts_the_attempts()
    {
        _replies.Reply(Unavailable);
        using var transport = Transports.For(_backend.BaseAddress, maxRetries: 2);

        var error = await ApiErrors.CaptureAsync(() => transport.SendAsync(Transports.Get("/bots/"), CancellationToken.None));

        Assert.Equal(3, _backend.Requests.Count);
        Assert.Equal(ApiErrorKind.ServerError, error.Kind);
        Assert.Equal(503, error.StatusCode);
        Assert.Contains("after 3 attempts", error.Message);
    }

    [Fact]
    public async Task Zero_max_retries_means_one_attempt()
    {
        _replies.Reply(Unavailable, Ok);
        using var transport = Transports.For(_backend.BaseAddress, maxRetries: 0);

        await ApiErrors.CaptureAsync(() => transport.SendAsync(Transports.Get("/bots/"), CancellationToken.None));

        Assert.Single(_backend.Requests);
    }

    [Theory]
    [InlineData(400)]
    [InlineData(401)]
    [InlineData(403)]
    [InlineData(404)]
    [InlineData(409)]
    [InlineData(422)]
    public async Task Client_errors_are_not_retried(int status)
    {
        _replies.Reply(new ScriptedReply(status, """{"message":"no"}"""), Ok);
        using var transport = Transports.For(_backend.BaseAddress);

        await ApiErrors.CaptureAsync(() => transport.SendAsync(Transports.Get("/bots/1"), CancellationToken.None));

        Assert.Single(_backend.Requests);
    }

    [Fact]
    public async Task A_retry_after_on_503_is_waited_out_before_the_next_attempt()
    {
        _replies.Reply(new ScriptedReply(503, Headers: new Dictionary<string, string> { ["Retry-After"] = "1" }), Ok);
        using var transport = Transports.For(_backend.BaseAddress);
        var clock = Stopwatch.StartNew();

        await transport.SendAsync(Transports.Get("/bots/"), CancellationToken.None);

        Assert.Equal(2, _backend.Requests.Count);
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(900), TimeSpan.FromSeconds(8));
    }

    [Fact]
    public async Task A_get_is_retried_on_429_after_the_retry_after_from_the_body()
    {
        _replies.Reply(new ScriptedReply(429, """{"retry_after":0.3}"""), Ok);
        using var transport = Transports.For(_backend.BaseAddress);
        var clock = Stopwatch.StartNew();

        await transport.SendAsync(Transports.Get("/bots/"), CancellationToken.None);

        Assert.Equal(2, _backend.Requests.Count);
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(250), $"retried after {clock.Elapsed}");
    }

    [Fact]
    public async Task A_retry_after_longer_than_30_seconds_is_not_waited_out_but_reported()
    {
        _replies.Reply(new ScriptedReply(429, """{"message":"slow down","retry_after":45}""",
            new Dictionary<string, string> { ["Retry-After"] = "45" }), Ok);
        using var transport = Transports.For(_backend.BaseAddress);

        var error = await ApiErrors.CaptureAsync(() => transport.SendAsync(Transports.Get("/bots/"), CancellationToken.None));

        Assert.Single(_backend.Requests);
        Assert.Equal(ApiErrorKind.RateLimited, error.Kind);
        Assert.Equal(TimeSpan.FromSeconds(45), error.RetryAfter);
        Assert.Contains("wait 45 s", error.Message);
    }
}
