using System.Net;
using StackExchange.Redis;

namespace Segnals.Mcp.Replicas;

/// <summary>
/// Where the replicas' shared Redis is (SEGNALS_REDIS, a StackExchange.Redis connection string) and the prefix
/// that keeps this deployment's keys apart from others sharing it. Timeouts are ours, short, whatever the
/// connection string says: a confirmed write must not hang because Redis does. Only this assembly makes one
/// (<see cref="RedisSettingsReader"/>), so every instance went through its checks.
/// </summary>
public sealed record RedisSettings
{
    public const string DefaultKeyPrefix = "segnals-mcp:";

    private readonly ConfigurationOptions _configuration;

    internal RedisSettings(ConfigurationOptions configuration, string keyPrefix)
    {
        _configuration = configuration;
        KeyPrefix = keyPrefix;
    }

    /// <summary>Put before every key this server writes, e.g. "segnals-mcp:".</summary>
    public string KeyPrefix { get; }

    /// <summary>How long start-up waits for the first connection; past it the server starts and keeps trying in the background.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The most any one Redis command may take before the store gives up on it.</summary>
    public TimeSpan OperationTimeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The endpoints, for logs and the start-up line; never the password or user.</summary>
    public string Endpoints => string.Join(",", _configuration.EndPoints.Select(Describe));

    public override string ToString() => $"Redis at {Endpoints} (keys under '{KeyPrefix}')";

    /// <summary>A fresh copy each time, because the client keeps the options it is given and changes them.</summary>
    internal ConfigurationOptions CreateClientOptions()
    {
        var options = _configuration.Clone();

        // Start-up must not wait for Redis forever; the client reconnects in the background instead.
        options.AbortOnConnectFail = false;
        options.ConnectTimeout = (int)ConnectTimeout.TotalMilliseconds;
        options.AsyncTimeout = (int)OperationTimeout.TotalMilliseconds;
        options.SyncTimeout = (int)OperationTimeout.TotalMilliseconds;

        // While disconnected, commands fail at once instead of queueing for a reconnect: a confirmation then
        // fails closed straight away, and the rate limit falls back without a wait.
        options.BacklogPolicy = BacklogPolicy.FailFast;
        options.ReconnectRetryPolicy = new ExponentialRetry(deltaBackOffMilliseconds: 250, maxDeltaBackOffMilliseconds: 2000);
        options.ClientName ??= "segnals-mcp";
        return options;
    }

    private static string Describe(EndPoint endPoint) => endPoint switch
    {
        DnsEndPoint dns => $"{dns.Host}:{dns.Port}",
        IPEndPoint ip => ip.ToString(),
        _ => endPoint.GetType().Name,
    };
}
