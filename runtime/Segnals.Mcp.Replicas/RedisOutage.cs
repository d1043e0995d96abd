using Microsoft.Extensions.Logging;

namespace Segnals.Mcp.Replicas;

/// <summary>
/// Whether the rate limiter should ask Redis now. After a failure it asks again only once a second (one call
/// probes, the others use the fallback at once), so a hung Redis costs one call per second a timeout, not every
/// call. Logs once when an outage begins and once when it ends. A breaker of one failure: Polly's needs a
/// sampling window with at least two calls, and a fallback strategy besides, to say the same.
/// </summary>
internal sealed class RedisOutage(TimeProvider time, ILogger logger)
{
    private static readonly TimeSpan ProbeInterval = TimeSpan.FromSeconds(1);

    private readonly Lock _gate = new();
    private bool _down;
    private DateTimeOffset _nextProbe;

    public bool IsDown => Volatile.Read(ref _down);

    /// <summary>True when Redis is up, or when this call is the one that probes it again.</summary>
    public bool ShouldAskRedis()
    {
        // Every API call passes here: while Redis is up it takes no lock.
        if (!Volatile.Read(ref _down))
        {
            return true;
        }

        lock (_gate)
        {
            var now = time.GetUtcNow();
            if (!_down || now < _nextProbe)
            {
                return !_down;
            }

            _nextProbe = now + ProbeInterval;
            return true;
        }
    }

    public void Succeeded()
    {
        if (!Volatile.Read(ref _down))
        {
            return;
        }

        lock (_gate)
        {
            if (!_down)
            {
                return;
            }

            _down = false;
        }

        logger.LogInformation("Redis answers again: rate limits are shared by every replica again.");
    }

    public void Failed(string reason)
    {
        lock (_gate)
        {
            _nextProbe = time.GetUtcNow() + ProbeInterval;
            if (_down)
            {
                return;
            }

            _down = true;
        }

        logger.LogWarning("{Reason}: each replica now keeps its own rate limits until Redis answers again; reads go on.", reason);
    }
}
