using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;
using StackExchange.Redis.KeyspaceIsolation;

namespace Segnals.Mcp.Replicas;

/// <summary>
/// The one Redis connection a replica shares between its stores. Start-up waits for it at most
/// <see cref="RedisSettings.ConnectTimeout"/>; after that the client keeps reconnecting in the background,
/// and every command is bounded by <see cref="RedisSettings.OperationTimeout"/>.
/// </summary>
public sealed class RedisConnection : IAsyncDisposable
{
    private readonly ConnectionMultiplexer _multiplexer;
    private readonly ILogger _logger;
    private int _lost;

    private RedisConnection(RedisSettings settings, ConnectionMultiplexer multiplexer, TimeProvider time, ILogger logger)
    {
        Settings = settings;
        Time = time;
        _multiplexer = multiplexer;
        _logger = logger;
        Database = multiplexer.GetDatabase().WithKeyPrefix(settings.KeyPrefix);
        multiplexer.ConnectionFailed += OnConnectionFailed;
        multiplexer.ConnectionRestored += OnConnectionRestored;
    }

    public RedisSettings Settings { get; }

    /// <summary>Raised when the connection comes back after a loss (Redis may have restarted meanwhile).</summary>
    internal event Action? Restored;

    /// <summary>Every key is put under <see cref="RedisSettings.KeyPrefix"/>, scripts' keys included.</summary>
    internal IDatabase Database { get; }

    internal TimeProvider Time { get; }

    /// <summary>Connects, waiting at most the connect timeout: an unreachable Redis does not stop start-up.</summary>
    public static async Task<RedisConnection> ConnectAsync(RedisSettings settings, ILogger? logger = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(settings.ConnectTimeout, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(settings.OperationTimeout, TimeSpan.Zero);
        logger ??= NullLogger.Instance;
        var multiplexer = await ConnectionMultiplexer.ConnectAsync(settings.CreateClientOptions()).ConfigureAwait(false);
        var connection = new RedisConnection(settings, multiplexer, time ?? TimeProvider.System, logger);
        if (!multiplexer.IsConnected)
        {
            connection._lost = 1;
            logger.LogWarning("Redis at {Endpoints} cannot be reached yet; retrying in the background.", settings.Endpoints);
        }

        return connection;
    }

    /// <summary>For readiness probes: whether Redis answers a PING within the operation timeout. Never throws.</summary>
    public async Task<bool> IsReachableAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await RunAsync(Database.PingAsync(), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RedisUnavailableException)
        {
            return false;
        }
    }

    /// <summary>Runs a Lua script atomically, its keys under the prefix.</summary>
    /// <exception cref="RedisUnavailableException">Redis did not answer in time, or cannot be used.</exception>
    internal Task<RedisResult> EvaluateAsync(string script, RedisKey[] keys, RedisValue[] values, CancellationToken cancellationToken) =>
        RunAsync(Database.ScriptEvaluateAsync(script, keys, values), cancellationToken);

    public async ValueTask DisposeAsync()
    {
        _multiplexer.ConnectionFailed -= OnConnectionFailed;
        _multiplexer.ConnectionRestored -= OnConnectionRestored;
        await _multiplexer.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// The client's own timeout is checked on a heartbeat and may fire late; this bound is exact. Every failure
    /// becomes one sentence naming what went wrong, without the connection string.
    /// </summary>
    private async Task<T> RunAsync<T>(Task<T> command, CancellationToken cancellationToken)
    {
        var timeout = Settings.OperationTimeout;
        try
        {
            return await command.WaitAsync(timeout, Time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException exception)
        {
            throw new RedisUnavailableException($"Redis did not answer within {timeout.TotalMilliseconds:0} ms", exception);
        }
        catch (RedisConnectionException exception)
        {
            throw new RedisUnavailableException($"Redis cannot be reached ({exception.FailureType})", exception);
        }
        catch (RedisServerException exception)
        {
            // The error's first word is its code (LOADING, READONLY, NOAUTH, OOM…); the rest may quote the script.
            throw new RedisUnavailableException($"Redis answered with an error ({exception.Message.Split(' ')[0]})", exception);
        }
        catch (Exception exception) when (exception is RedisException or ObjectDisposedException)
        {
            throw new RedisUnavailableException($"Redis cannot be used ({exception.GetType().Name})", exception);
        }
    }

    private void OnConnectionFailed(object? sender, ConnectionFailedEventArgs failure)
    {
        // Logged once per outage, not once per reconnection attempt.
        if (failure.ConnectionType == ConnectionType.Interactive && Interlocked.Exchange(ref _lost, 1) == 0)
        {
            _logger.LogWarning("Redis at {Endpoints} was lost ({FailureType}); reconnecting in the background.", Settings.Endpoints, failure.FailureType);
        }
    }

    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs restored)
    {
        if (restored.ConnectionType == ConnectionType.Interactive && Interlocked.Exchange(ref _lost, 0) == 1)
        {
            _logger.LogInformation("Redis at {Endpoints} is reachable again.", Settings.Endpoints);
        }

        if (restored.ConnectionType == ConnectionType.Interactive)
        {
            Restored?.Invoke();
        }
    }
}
