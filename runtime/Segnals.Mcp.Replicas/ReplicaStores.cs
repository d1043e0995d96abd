using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Segnals.Mcp.Runtime.Http;
using Segnals.Mcp.Runtime.Safety;

namespace Segnals.Mcp.Replicas;

/// <summary>
/// The state a hosted server must share with its other replicas (spent confirmation tokens, per-caller rate
/// limits): in Redis when SEGNALS_REDIS is set, else in this process, which is right for one replica only.
/// </summary>
public sealed class ReplicaStores : IAsyncDisposable
{
    private ReplicaStores(IConfirmationReplayStore replayStore, ICallRateLimiter rateLimiter, RedisConnection? redis)
    {
        ReplayStore = replayStore;
        RateLimiter = rateLimiter;
        Redis = redis;
    }

    /// <summary>For <c>ToolRuntimeOptions.ReplayStore</c>.</summary>
    public IConfirmationReplayStore ReplayStore { get; }

    /// <summary>For <c>HttpApiTransportOptions.RateLimiter</c>.</summary>
    public ICallRateLimiter RateLimiter { get; }

    /// <summary>The Redis connection, or null when the stores are this process's own.</summary>
    public RedisConnection? Redis { get; }

    /// <summary>One line for the start-up log saying where the shared state is kept.</summary>
    public string Description => Redis is null
        ? "Confirmation tokens and rate limits are kept in this process: run one replica only, or set SEGNALS_REDIS so replicas share them."
        : $"Confirmation tokens and rate limits are shared through {Redis.Settings}.";

    /// <param name="redis">From <see cref="RedisSettingsReader"/>; null for the in-process stores.</param>
    /// <param name="rateLimitPerMinute">SEGNALS_RATE_LIMIT_PER_MINUTE.</param>
    /// <param name="confirmationLifetime">SEGNALS_CONFIRMATION_TTL_SECONDS.</param>
    /// <param name="logger">Receives Redis outages and recoveries (never a password or key).</param>
    /// <param name="time">The clock; the system's when null.</param>
    public static async Task<ReplicaStores> CreateAsync(RedisSettings? redis, int rateLimitPerMinute, TimeSpan confirmationLifetime, ILogger? logger = null, TimeProvider? time = null)
    {
        time ??= TimeProvider.System;
        logger ??= NullLogger.Instance;
        if (redis is null)
        {
            return new ReplicaStores(new InMemoryConfirmationReplayStore(time), new InProcessCallRateLimiter(rateLimitPerMinute, time), null);
        }

        var connection = await RedisConnection.ConnectAsync(redis, logger, time).ConfigureAwait(false);
        try
        {
            var replayStore = await RedisConfirmationReplayStore.CreateAsync(connection, confirmationLifetime).ConfigureAwait(false);
            return new ReplicaStores(replayStore, new RedisCallRateLimiter(connection, rateLimitPerMinute, logger), connection);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>For /readyz: true without Redis; with it, whether Redis answers now.</summary>
    public Task<bool> IsReadyAsync(CancellationToken cancellationToken = default) =>
        Redis is null ? Task.FromResult(true) : Redis.IsReachableAsync(cancellationToken);

    public ValueTask DisposeAsync() => Redis?.DisposeAsync() ?? ValueTask.CompletedTask;
}
