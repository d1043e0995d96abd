using System.Diagnostics;
using Segnals.Mcp.Replicas.Tests.Infrastructure;
using Segnals.Testing;
using StackExchange.Redis;

namespace Segnals.Mcp.Replicas.Tests;

/// <summary>One budget per caller across every replica: the same token bucket as in one process, held in Redis.</summary>
public sealed class CallRateLimiterTests
{
    private const string Caller = "key-0123456789abcdef";
    private const string OtherCaller = "key-fedcba9876543210";

    [SkippableFact]
    public async Task Two_replicas_share_one_budget_per_caller_not_one_each()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var first = await Replica.ConnectAsync(redis);
        await using var second = await Replica.ConnectAsync(redis);
        RedisCallRateLimiter[] replicas = [new(first, perMinute: 120), new(second, perMinute: 120)];

        var clock = Stopwatch.StartNew();
        var granted = new int[2];
        for (var attempt = 0; attempt < 240; attempt++)
        {
            granted[attempt % 2] += await replicas[attempt % 2].TryAcquireAsync(Caller, CancellationToken.None) is null ? 1 : 0;
        }

        // 120 at once, plus what refilled (2 a second) while the loop ran; one budget per replica would be 240.
        var refilled = (int)Math.Ceiling(clock.Elapsed.TotalSeconds * 2);
        Assert.InRange(granted.Sum(), 120, 120 + refilled);
        Assert.All(granted, count => Assert.InRange(count, 55, 65 + refilled));
        Assert.NotNull(await replicas[0].TryAcquireAsync(Caller, CancellationToken.None));
        Assert.NotNull(await replicas[1].TryAcquireAsync(Caller, CancellationToken.None));
    }

    [SkippableFact]
    public async Task Concurrent_calls_from_two_replicas_lose_no_update()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var first = await Replica.ConnectAsync(redis);
        await using var second = await Replica.ConnectAsync(redis);
        RedisCallRateLimiter[] replicas = [new(first, perMinute: 50), new(second, perMinute: 50)];

        var clock = Stopwatch.StartNew();
        using var start = new ManualResetEventSlim();
        var calls = Enumerable.Range(0, 300).Select(index => Task.Run(async () =>
        {
            start.Wait();
            return await replicas[index % 2].TryAcquireAsync(Caller, CancellationToken.None);
        })).ToArray();
        start.Set();
        var answers = await Task.WhenAll(calls);

        var refilled = (int)Math.Ceiling(clock.Elapsed.TotalSeconds * 50 / 60);
        Assert.InRange(answers.Count(wait => wait is null), 50, 50 + refilled);
    }

    [SkippableFact]
    public async Task The_budget_refills_continuously_and_says_how_long_to_wait()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var first = await Replica.ConnectAsync(redis);
        await using var second = await Replica.ConnectAsync(redis);
        var onFirst = new RedisCallRateLimiter(first, perMinute: 60);
        var onSecond = new RedisCallRateLimiter(second, perMinute: 60);
        for (var call = 0; call < 60; call++)
        {
            Assert.Null(await onFirst.TryAcquireAsync(Caller, CancellationToken.None));
        }

        // One call a second comes back; the answer says when, and that is when it is there, on either replica.
        var wait = await onSecond.TryAcquireAsync(Caller, CancellationToken.None);
        Assert.NotNull(wait);
        Assert.InRange(wait.Value, TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(1));
        await Task.Delay(wait.Value + TimeSpan.FromMilliseconds(20));
        Assert.Null(await onSecond.TryAcquireAsync(Caller, CancellationToken.None));
        var next = await onFirst.TryAcquireAsync(Caller, CancellationToken.None);
        Assert.NotNull(next);
        Assert.InRange(next.Value, TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1));
    }

    [SkippableFact]
    public async Task Each_caller_has_its_own_budget()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var connection = await Replica.ConnectAsync(redis);
        var limiter = new RedisCallRateLimiter(connection, perMinute: 5);
        for (var call = 0; call < 5; call++)
        {
            Assert.Null(await limiter.TryAcquireAsync(Caller, CancellationToken.None));
        }

        Assert.NotNull(await limiter.TryAcquireAsync(Caller, CancellationToken.None));
        for (var call = 0; call < 5; call++)
        {
            Assert.Null(await limiter.TryAcquireAsync(OtherCaller, CancellationToken.None));
        }

        Assert.NotNull(await limiter.TryAcquireAsync(OtherCaller, CancellationToken.None));
    }

    [SkippableFact]
    public async Task A_bucket_expires_after_a_minute_unused_and_Redis_never_holds_a_key()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var connection = await Replica.ConnectAsync(redis);
        var limiter = new RedisCallRateLimiter(connection, perMinute: 120);
        var apiKey = CanaryKey.New();

        Assert.Null(await limiter.TryAcquireAsync(Caller, CancellationToken.None));
        Assert.Null(await limiter.TryAcquireAsync(apiKey, CancellationToken.None));

        await using var inspector = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var database = inspector.GetDatabase();
        var left = await database.KeyTimeToLiveAsync($"segnals-mcp:rate:{Caller}");
        Assert.InRange(left!.Value, TimeSpan.FromSeconds(55), TimeSpan.FromSeconds(60));

        var everything = new List<string>();
        await foreach (var key in inspector.GetServer(inspector.GetEndPoints()[0]).KeysAsync(pattern: "*"))
        {
            everything.Add(key!);
            everything.AddRange((await database.HashGetAllAsync(key)).Select(entry => $"{entry.Name}={entry.Value}"));
        }

        Assert.Equal(2, everything.Count(entry => entry.StartsWith("segnals-mcp:rate:", StringComparison.Ordinal)));
        Assert.DoesNotContain(everything, entry => entry.Contains(CanaryKey.Marker, StringComparison.Ordinal) || entry.Contains("sk_", StringComparison.Ordinal));
    }
}
