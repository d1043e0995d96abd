using System.Diagnostics;
using Segnals.Mcp.Replicas.Tests.Infrastructure;
using Segnals.Mcp.Runtime.Safety;

namespace Segnals.Mcp.Replicas.Tests;

/// <summary>
/// Redis going away, hanging and coming back: confirmations fail closed within a bounded time, the rate limit
/// keeps serving reads on each replica's own bucket, and both share Redis again once it is back.
/// </summary>
public sealed class RedisOutageTests
{
    private const string Caller = "key-0123456789abcdef";
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    // The library's own default would be a 5 s timeout with commands queued while disconnected; the stores must
    // answer within their 1 s operation timeout, plus scheduling slack on a loaded 2-core machine.
    private static readonly TimeSpan Promptly = TimeSpan.FromSeconds(2.5);

    [SkippableFact]
    public async Task When_Redis_stops_a_confirmation_is_refused_promptly_and_works_again_once_it_is_back()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var connection = await Replica.ConnectAsync(redis);
        var store = await RedisConfirmationReplayStore.CreateAsync(connection, Lifetime);
        await Poll.UntilAsync(() => ConfirmationReplayStoreTests.MarksFreshNonceAsync(store), "a confirmation before the outage");

        await redis.StopAsync();
        var clock = Stopwatch.StartNew();
        var refused = await Assert.ThrowsAsync<ConfirmationStoreUnavailableException>(
            () => store.TryMarkUsedAsync("during-outage", DateTimeOffset.UtcNow + Lifetime, CancellationToken.None).AsTask());
        Assert.True(clock.Elapsed < Promptly, $"took {clock.Elapsed}");
        Assert.StartsWith("Redis ", refused.Message);
        Assert.DoesNotContain(redis.ConnectionString, refused.Message);

        await redis.StartAgainAsync();
        await Poll.UntilAsync(() => ConfirmationReplayStoreTests.MarksFreshNonceAsync(store), "a confirmation once Redis is back");
    }

    [SkippableFact]
    public async Task When_Redis_hangs_a_confirmation_is_refused_within_the_timeout()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var connection = await Replica.ConnectAsync(redis);
        var store = await RedisConfirmationReplayStore.CreateAsync(connection, Lifetime);
        await Poll.UntilAsync(() => ConfirmationReplayStoreTests.MarksFreshNonceAsync(store), "a confirmation before the outage");

        redis.Pause();
        var clock = Stopwatch.StartNew();
        var refused = await Assert.ThrowsAsync<ConfirmationStoreUnavailableException>(
            () => store.TryMarkUsedAsync("while-frozen", DateTimeOffset.UtcNow + Lifetime, CancellationToken.None).AsTask());
        Assert.True(clock.Elapsed < Promptly, $"took {clock.Elapsed}");
        Assert.Equal("Redis did not answer within 1000 ms", refused.Message);

        redis.Resume();
        await Poll.UntilAsync(() => ConfirmationReplayStoreTests.MarksFreshNonceAsync(store), "a confirmation once Redis answers again");
    }

    [SkippableFact]
    public async Task When_Redis_stops_the_rate_limit_keeps_serving_on_its_own_bucket_and_says_so_once()
    {
        await using var redis = await RedisServer.StartAsync();
        var logger = new RecordingLogger();
        await using var first = await Replica.ConnectAsync(redis);
        await using var second = await Replica.ConnectAsync(redis);
        var onFirst = new RedisCallRateLimiter(first, perMinute: 4, logger);
        var onSecond = new RedisCallRateLimiter(second, perMinute: 4);
        Assert.Null(await onFirst.TryAcquireAsync(Caller, CancellationToken.None));

        await redis.StopAsync();
        var clock = Stopwatch.StartNew();
        for (var call = 0; call < 4; call++)
        {
            Assert.Null(await onFirst.TryAcquireAsync(Caller, CancellationToken.None));
        }

        // Still a limit during the outage: this replica's own bucket of one minute's budget.
        Assert.NotNull(await onFirst.TryAcquireAsync(Caller, CancellationToken.None));
        Assert.True(clock.Elapsed < Promptly, $"took {clock.Elapsed}");
        Assert.True(onFirst.IsFallingBack);
        Assert.Equal(1, logger.Count("each replica now keeps its own rate limits"));

        // Back: both replicas draw on one bucket again.
        await redis.StartAgainAsync();
        await Poll.UntilAsync(async () => await onFirst.TryAcquireAsync("key-aaaaaaaaaaaaaaaa", CancellationToken.None) is null && !onFirst.IsFallingBack, "the first replica back on Redis");
        await Poll.UntilAsync(async () => await onSecond.TryAcquireAsync("key-aaaaaaaaaaaaaaaa", CancellationToken.None) is null && !onSecond.IsFallingBack, "the second replica back on Redis");
        const string Fresh = "key-bbbbbbbbbbbbbbbb";
        Assert.Null(await onFirst.TryAcquireAsync(Fresh, CancellationToken.None));
        Assert.Null(await onSecond.TryAcquireAsync(Fresh, CancellationToken.None));
        Assert.Null(await onFirst.TryAcquireAsync(Fresh, CancellationToken.None));
        Assert.Null(await onSecond.TryAcquireAsync(Fresh, CancellationToken.None));
        Assert.NotNull(await onFirst.TryAcquireAsync(Fresh, CancellationToken.None));
        Assert.Equal(1, logger.Count("each replica now keeps its own rate limits"));
        Assert.Equal(1, logger.Count("shared by every replica again"));
    }

    [SkippableFact]
    public async Task When_Redis_hangs_only_one_call_a_second_waits_for_it()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var connection = await Replica.ConnectAsync(redis);
        var limiter = new RedisCallRateLimiter(connection, perMinute: 1000);
        Assert.Null(await limiter.TryAcquireAsync(Caller, CancellationToken.None));

        redis.Pause();
        var clock = Stopwatch.StartNew();
        for (var call = 0; call < 20; call++)
        {
            Assert.Null(await limiter.TryAcquireAsync(Caller, CancellationToken.None));
        }

        // Twenty calls waiting for the timeout each would take twenty seconds.
        Assert.True(clock.Elapsed < Promptly, $"took {clock.Elapsed}");
        Assert.True(limiter.IsFallingBack);
        redis.Resume();
    }

    [SkippableFact]
    public async Task Readiness_follows_Redis()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var connection = await Replica.ConnectAsync(redis);
        Assert.True(await connection.IsReachableAsync());

        await redis.StopAsync();
        var clock = Stopwatch.StartNew();
        Assert.False(await connection.IsReachableAsync());
        Assert.True(clock.Elapsed < Promptly, $"took {clock.Elapsed}");

        await redis.StartAgainAsync();
        await Poll.UntilAsync(() => connection.IsReachableAsync(), "readiness once Redis is back");
    }

    [SkippableFact]
    public async Task Start_up_does_not_wait_for_a_Redis_that_is_not_there_and_connects_when_it_comes()
    {
        RedisServer.SkipIfMissing();
        var port = RedisServer.FreePort();
        var logger = new RecordingLogger();

        var clock = Stopwatch.StartNew();
        await using var connection = await RedisConnection.ConnectAsync(Replica.Settings($"127.0.0.1:{port}"), logger);
        Assert.True(clock.Elapsed < connection.Settings.ConnectTimeout + TimeSpan.FromSeconds(1.5), $"took {clock.Elapsed}");
        Assert.False(await connection.IsReachableAsync());
        var store = await RedisConfirmationReplayStore.CreateAsync(connection, Lifetime);
        Assert.Contains(logger.Lines, line => line.Contains($"Redis at 127.0.0.1:{port} cannot be reached yet", StringComparison.Ordinal));

        await using var redis = await RedisServer.StartAsync(port);
        await Poll.UntilAsync(() => ConfirmationReplayStoreTests.MarksFreshNonceAsync(store), "a confirmation once Redis has started");
        Assert.Contains(logger.Lines, line => line.Contains("is reachable again", StringComparison.Ordinal));
    }
}
