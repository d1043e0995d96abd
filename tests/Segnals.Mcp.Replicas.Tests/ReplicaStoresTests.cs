using Segnals.Mcp.Replicas.Tests.Infrastructure;
using Segnals.Mcp.Runtime.Callers;
using Segnals.Mcp.Runtime.Http;
using Segnals.Mcp.Runtime.Safety;
using Segnals.Testing;

namespace Segnals.Mcp.Replicas.Tests;

/// <summary>
/// The stores as the hosted server wires them: two replicas with their own connections, sharing a secret and a
/// password-protected Redis, confirm each token once in total and draw on one rate-limit budget through the real
/// HTTP transport; when Redis stops, reads still reach the API.
/// </summary>
public sealed class ReplicaStoresTests
{
    private const string RedisPassword = "redis-pw-CANARY-0a1b2c3d";
    private const string Tool = "segnals_create_bot";
    private const string Arguments = """{"name":"grid","pair":"BTC/USDT"}""";
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task Without_Redis_the_stores_are_this_processs_own_and_the_server_says_to_run_one_replica()
    {
        await using var stores = await ReplicaStores.CreateAsync(redis: null, rateLimitPerMinute: 120, Lifetime);

        Assert.IsType<InMemoryConfirmationReplayStore>(stores.ReplayStore);
        Assert.IsType<InProcessCallRateLimiter>(stores.RateLimiter);
        Assert.Equal(120, stores.RateLimiter.PerMinute);
        Assert.Null(stores.Redis);
        Assert.Contains("run one replica only, or set SEGNALS_REDIS", stores.Description);
        Assert.True(await stores.IsReadyAsync());
    }

    [SkippableFact]
    public async Task A_token_previewed_on_one_replica_confirms_once_on_either()
    {
        await using var redis = await RedisServer.StartAsync(password: RedisPassword);
        var logger = new RecordingLogger();
        await using var first = await ReplicaStores.CreateAsync(Replica.Settings(redis.ConnectionString), 120, Lifetime, logger);
        await using var second = await ReplicaStores.CreateAsync(Replica.Settings(redis.ConnectionString), 120, Lifetime, logger);
        var secret = ConfirmationTokens.NewProcessSecret();
        var onFirst = new ConfirmationTokens(secret, TimeProvider.System, Lifetime, first.ReplayStore);
        var onSecond = new ConfirmationTokens(secret, TimeProvider.System, Lifetime, second.ReplayStore);
        var caller = new ApiCallers(loadKeyInfo: null).ForKey(CanaryKey.New());

        // A fresh Redis began remembering spent tokens just now; a token's expiry is whole seconds, so one previewed
        // within that second could read as older and be refused (safely). A real first preview comes later.
        await Task.Delay(TimeSpan.FromSeconds(1));
        var token = onFirst.Issue(caller, Tool, Arguments);

        Assert.Equal(ConfirmationCheck.Valid, await onSecond.VerifyAsync(caller, token, Tool, Arguments, CancellationToken.None));
        Assert.Equal(ConfirmationCheck.AlreadyUsed, await onFirst.VerifyAsync(caller, token, Tool, Arguments, CancellationToken.None));
        Assert.Equal(ConfirmationCheck.AlreadyUsed, await onSecond.VerifyAsync(caller, token, Tool, Arguments, CancellationToken.None));

        var raced = onSecond.Issue(caller, Tool, Arguments);
        var checks = await Task.WhenAll(Enumerable.Range(0, 32).Select(index => Task.Run(async () =>
            await (index % 2 == 0 ? onFirst : onSecond).VerifyAsync(caller, raced, Tool, Arguments, CancellationToken.None))));
        Assert.Equal(1, checks.Count(check => check == ConfirmationCheck.Valid));
        Assert.Equal(31, checks.Count(check => check == ConfirmationCheck.AlreadyUsed));

        Assert.Equal($"Confirmation tokens and rate limits are shared through Redis at 127.0.0.1:{redis.Port} (keys under 'segnals-mcp:').", first.Description);
        Assert.True(await first.IsReadyAsync());
        Assert.DoesNotContain(logger.Lines, line => line.Contains(RedisPassword, StringComparison.Ordinal));
    }

    [SkippableFact]
    public async Task Two_replicas_transports_share_a_callers_budget_and_reads_go_on_when_Redis_stops()
    {
        await using var redis = await RedisServer.StartAsync(password: RedisPassword);
        await using var backend = await ScriptedBackend.StartAsync((seen, context, _) => ScriptedBackend.JsonAsync(context, 200, "[]"));
        var logger = new RecordingLogger();
        await using var first = await ReplicaStores.CreateAsync(Replica.Settings(redis.ConnectionString), 3, Lifetime, logger);
        await using var second = await ReplicaStores.CreateAsync(Replica.Settings(redis.ConnectionString), 3, Lifetime, logger);
        using var viaFirst = Transport(backend, first);
        using var viaSecond = Transport(backend, second);
        var callers = new ApiCallers(loadKeyInfo: null);
        var caller = callers.ForKey(backend.Key);

        await viaFirst.SendAsync(ListBots(caller), CancellationToken.None);
        await viaSecond.SendAsync(ListBots(caller), CancellationToken.None);
        await viaFirst.SendAsync(ListBots(caller), CancellationToken.None);
        var refused = await Assert.ThrowsAsync<ApiCallException>(() => viaSecond.SendAsync(ListBots(caller), CancellationToken.None));

        Assert.Equal(ApiErrorKind.ClientRateLimited, refused.Kind);
        Assert.Equal(3, backend.ApiCalls.Count);

        await redis.StopAsync();
        await viaSecond.SendAsync(ListBots(callers.ForKey(CanaryKey.New())), CancellationToken.None);
        Assert.Equal(4, backend.ApiCalls.Count);
        Assert.False(await second.IsReadyAsync());
        Assert.DoesNotContain(logger.Lines, line => line.Contains(RedisPassword, StringComparison.Ordinal) || line.Contains(CanaryKey.Marker, StringComparison.Ordinal));
    }

    [SkippableFact]
    public async Task A_wrong_Redis_password_leaves_the_server_not_ready_and_is_never_logged()
    {
        await using var redis = await RedisServer.StartAsync(password: RedisPassword);
        var logger = new RecordingLogger();
        const string WrongPassword = "wrong-CANARY-pw-5e6f";

        await using var stores = await ReplicaStores.CreateAsync(Replica.Settings($"127.0.0.1:{redis.Port},password={WrongPassword}"), 3, Lifetime, logger);

        Assert.False(await stores.IsReadyAsync());
        var refused = await Assert.ThrowsAsync<ConfirmationStoreUnavailableException>(
            () => stores.ReplayStore.TryMarkUsedAsync("nonce", DateTimeOffset.UtcNow + Lifetime, CancellationToken.None).AsTask());
        Assert.DoesNotContain(WrongPassword, refused.Message);
        Assert.NotEmpty(logger.Lines);
        Assert.DoesNotContain(logger.Lines, line => line.Contains(WrongPassword, StringComparison.Ordinal));
    }

    private static HttpApiTransport Transport(ScriptedBackend backend, ReplicaStores stores) =>
        new(new HttpApiTransportOptions { BaseAddress = backend.BaseAddress, RateLimiter = stores.RateLimiter, MaxRetries = 0 });

    private static ApiRequest ListBots(ApiCaller caller) => new(caller, HttpMethod.Get, "/bots/", "/bots/", null);
}
