using Segnals.Mcp.Replicas.Tests.Infrastructure;
using Segnals.Mcp.Runtime.Safety;
using StackExchange.Redis;

namespace Segnals.Mcp.Replicas.Tests;

/// <summary>A confirmation token is spent once across every replica, never once per replica.</summary>
public sealed class ConfirmationReplayStoreTests
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    [SkippableFact]
    public async Task A_nonce_spent_on_one_replica_is_refused_on_the_other()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var first = await Replica.ConnectAsync(redis);
        await using var second = await Replica.ConnectAsync(redis);
        var onFirst = await RedisConfirmationReplayStore.CreateAsync(first, Lifetime);
        var onSecond = await RedisConfirmationReplayStore.CreateAsync(second, Lifetime);
        var expiresAt = DateTimeOffset.UtcNow + Lifetime;

        Assert.True(await onFirst.TryMarkUsedAsync("nonce-1", expiresAt, CancellationToken.None));
        Assert.False(await onSecond.TryMarkUsedAsync("nonce-1", expiresAt, CancellationToken.None));
        Assert.False(await onFirst.TryMarkUsedAsync("nonce-1", expiresAt, CancellationToken.None));
        Assert.True(await onSecond.TryMarkUsedAsync("nonce-2", expiresAt, CancellationToken.None));
    }

    [SkippableFact]
    public async Task Of_many_concurrent_confirmations_of_one_token_exactly_one_wins()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var first = await Replica.ConnectAsync(redis);
        await using var second = await Replica.ConnectAsync(redis);
        RedisConfirmationReplayStore[] stores =
            [await RedisConfirmationReplayStore.CreateAsync(first, Lifetime), await RedisConfirmationReplayStore.CreateAsync(second, Lifetime)];
        var expiresAt = DateTimeOffset.UtcNow + Lifetime;

        for (var round = 0; round < 5; round++)
        {
            var nonce = $"contended-{round}";
            using var start = new ManualResetEventSlim();
            var attempts = Enumerable.Range(0, 64).Select(index => Task.Run(async () =>
            {
                start.Wait();
                return await stores[index % 2].TryMarkUsedAsync(nonce, expiresAt, CancellationToken.None);
            })).ToArray();
            start.Set();

            Assert.Equal(1, (await Task.WhenAll(attempts)).Count(won => won));
        }
    }

    [SkippableFact]
    public async Task A_nonce_is_forgotten_once_its_token_has_expired()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var connection = await Replica.ConnectAsync(redis);
        var shortLifetime = TimeSpan.FromSeconds(1.5);
        var store = await RedisConfirmationReplayStore.CreateAsync(connection, shortLifetime, clockSkewAllowance: TimeSpan.Zero);
        var expiresAt = DateTimeOffset.UtcNow + shortLifetime;

        Assert.True(await store.TryMarkUsedAsync("short-lived", expiresAt, CancellationToken.None));
        Assert.False(await store.TryMarkUsedAsync("short-lived", expiresAt, CancellationToken.None));
        Assert.Equal(1, await CountKeysAsync(redis, "segnals-mcp:confirmation:*short-lived"));

        await Task.Delay(expiresAt - DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(300));

        Assert.Equal(0, await CountKeysAsync(redis, "segnals-mcp:confirmation:*short-lived"));
        Assert.True(await store.TryMarkUsedAsync("short-lived", expiresAt, CancellationToken.None));
    }

    [SkippableFact]
    public async Task A_nonce_is_kept_for_its_token_plus_the_clock_skew_allowance()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var connection = await Replica.ConnectAsync(redis);
        var store = await RedisConfirmationReplayStore.CreateAsync(connection, Lifetime);

        Assert.True(await store.TryMarkUsedAsync("kept", DateTimeOffset.UtcNow + Lifetime, CancellationToken.None));

        await using var inspector = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var left = await inspector.GetDatabase().KeyTimeToLiveAsync("segnals-mcp:confirmation:{spent}:kept");
        Assert.InRange(left!.Value, Lifetime + TimeSpan.FromSeconds(55), Lifetime + TimeSpan.FromSeconds(60));
    }

    [SkippableFact]
    public async Task Deployments_with_different_prefixes_do_not_share_spent_tokens()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var teamA = await Replica.ConnectAsync(redis, keyPrefix: "team-a:");
        await using var teamB = await Replica.ConnectAsync(redis, keyPrefix: "team-b:");
        var storeA = await RedisConfirmationReplayStore.CreateAsync(teamA, Lifetime);
        var storeB = await RedisConfirmationReplayStore.CreateAsync(teamB, Lifetime);
        var expiresAt = DateTimeOffset.UtcNow + Lifetime;

        Assert.True(await storeA.TryMarkUsedAsync("same", expiresAt, CancellationToken.None));
        Assert.True(await storeB.TryMarkUsedAsync("same", expiresAt, CancellationToken.None));

        Assert.Equal(2, await CountKeysAsync(redis, "team-a:*"));
        Assert.Equal(2, await CountKeysAsync(redis, "team-b:*"));
        Assert.Equal(4, await CountKeysAsync(redis, "*"));
    }

    [SkippableFact]
    public async Task A_token_issued_before_Redis_lost_its_memory_is_refused_not_accepted_again()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var connection = await Replica.ConnectAsync(redis);
        var store = await RedisConfirmationReplayStore.CreateAsync(connection, Lifetime);
        var spentExpiry = DateTimeOffset.UtcNow + Lifetime;
        Assert.True(await store.TryMarkUsedAsync("spent-before-restart", spentExpiry, CancellationToken.None));

        // Redis without persistence restarts: the record of that spent nonce is gone.
        await redis.StopAsync();
        await redis.StartAgainAsync();
        await Poll.UntilAsync(() => MarksFreshNonceAsync(store), "a fresh confirmation after the restart");

        var refused = await Assert.ThrowsAsync<ConfirmationStoreUnavailableException>(
            () => store.TryMarkUsedAsync("spent-before-restart", spentExpiry, CancellationToken.None).AsTask());
        Assert.Contains("preview the action again", refused.Message);
    }

    internal static async Task<bool> MarksFreshNonceAsync(IConfirmationReplayStore store)
    {
        try
        {
            return await store.TryMarkUsedAsync(Guid.NewGuid().ToString("N"), DateTimeOffset.UtcNow + Lifetime, CancellationToken.None);
        }
        catch (ConfirmationStoreUnavailableException)
        {
            return false;
        }
    }

    internal static async Task<int> CountKeysAsync(RedisServer redis, string pattern)
    {
        await using var inspector = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var server = inspector.GetServer(inspector.GetEndPoints()[0]);
        var count = 0;
        await foreach (var _ in server.KeysAsync(pattern: pattern))
        {
            count++;
        }

        return count;
    }
}
