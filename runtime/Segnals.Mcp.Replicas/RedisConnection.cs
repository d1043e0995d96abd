using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;
using StackExchange.Redis.KeyspaceIsolation;

namespace Segnals.Mcp.Replicas;

/// <summary>
/// The one Redis connection a replica shares between its stores. Start-up waits for it at most
/// <see cref="RedisSettings.ConnectTimeout"/>; after that the client keeps connecting in the background, and every
/// command is bounded by <see cref="RedisSettings.OperationTimeout"/>.
/// </summary>
public sealed class RedisConnection : IAsyncDisposable
{
    // The client's first connect, even told not to abort, took anywhere from nothing to twice its connect timeout
    // here; holding the pending connection instead lets start-up wait exactly as long as configured.
    private readonly Task<ConnectionMultiplexer> _connecting;
    private readonly Task<IDatabase> _database;
    private readonly ILogger _logger;
    private int _lost;

    private RedisConnection(RedisSettings settings, TimeProvider time, ILogger logger)
    {
        Settings = settings;
        Time = time;
        _logger = logger;
        _connecting = ConnectionMultiplexer.ConnectAsync(settings.CreateClientOptions());
        _database = AttachAsync();
    }

    public RedisSettings Settings { get; }

    /// <summary>Raised whenever the connection is (re)established (Redis may have restarted meanwhile).</summary>
    internal event Action? Connected;

    internal TimeProvider Time { get; }

    /// <summary>Starts connecting and waits at most the connect timeout: an unreachable Redis does not hold up start-up.</summary>
    public static async Task<RedisConnection> ConnectAsync(RedisSettings settings, ILogger? logger = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(settings.ConnectTimeout, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(settings.OperationTimeout, TimeSpan.Zero);
        time ??= TimeProvider.System;
        logger ??= NullLogger.Instance;

        var connection = new RedisConnection(settings, time, logger);
        if (!await connection.WaitUntilConnectedAsync(settings.ConnectTimeout).ConfigureAwait(false) && Interlocked.Exchange(ref connection._lost, 1) == 0)
        {
            logger.LogWarning("Redis at {Endpoints} cannot be reached yet; connecting in the background.", settings.Endpoints);
        }

        return connection;
    }

    /// <summary>For readiness probes: whether Redis answers a PING within the operation timeout. Never throws.</summary>
    public async Task<bool> IsReachableAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await RunAsync(database => database.PingAsync(), cancellationToken).ConfigureAwait(false);
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
        RunAsync(database => database.ScriptEvaluateAsync(script, keys, values), cancellationToken);

    public async ValueTask DisposeAsync()
    {
        ConnectionMultiplexer multiplexer;
        try
        {
            multiplexer = await _connecting.ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            return;
        }

        multiplexer.ConnectionFailed -= OnConnectionFailed;
        multiplexer.ConnectionRestored -= OnConnectionRestored;
        await multiplexer.DisposeAsync().ConfigureAwait(false);
    }

    private async Task<IDatabase> AttachAsync()
    {
        var multiplexer = await _connecting.ConfigureAwait(false);
        multiplexer.ConnectionFailed += OnConnectionFailed;
        multiplexer.ConnectionRestored += OnConnectionRestored;
        if (multiplexer.IsConnected)
        {
            OnConnected();
        }

        return multiplexer.GetDatabase().WithKeyPrefix(Settings.KeyPrefix);
    }

    private async Task<bool> WaitUntilConnectedAsync(TimeSpan timeout)
    {
        try
        {
            var multiplexer = await _connecting.WaitAsync(timeout, Time).ConfigureAwait(false);
            return multiplexer.IsConnected;
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            return false;
        }
    }

    /// <summary>
    /// The client's own timeout is checked on a heartbeat and may fire late; this bound is exact, and covers a
    /// first connection still pending. Every failure becomes one sentence, without the connection string.
    /// </summary>
    private async Task<T> RunAsync<T>(Func<IDatabase, Task<T>> command, CancellationToken cancellationToken)
    {
        var timeout = Settings.OperationTimeout;
        try
        {
            return await SendAsync(command).WaitAsync(timeout, Time, cancellationToken).ConfigureAwait(false);
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

    private async Task<T> SendAsync<T>(Func<IDatabase, Task<T>> command) => await command(await _database.ConfigureAwait(false)).ConfigureAwait(false);

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
        if (restored.ConnectionType == ConnectionType.Interactive)
        {
            OnConnected();
        }
    }

    private void OnConnected()
    {
        if (Interlocked.Exchange(ref _lost, 0) == 1)
        {
            _logger.LogInformation("Redis at {Endpoints} is reachable again.", Settings.Endpoints);
        }

        Connected?.Invoke();
    }
}
