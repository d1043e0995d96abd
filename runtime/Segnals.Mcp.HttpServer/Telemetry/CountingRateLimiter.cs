using Segnals.Mcp.Runtime.Http;

namespace Segnals.Mcp.HttpServer.Telemetry;

/// <summary>Counts the calls a rate limiter refuses, whichever store keeps the budgets (this process or Redis).</summary>
internal sealed class CountingRateLimiter(ICallRateLimiter inner, HostedMetrics metrics) : ICallRateLimiter
{
    public int PerMinute => inner.PerMinute;

    public async ValueTask<TimeSpan?> TryAcquireAsync(string callerId, CancellationToken cancellationToken)
    {
        var wait = await inner.TryAcquireAsync(callerId, cancellationToken).ConfigureAwait(false);
        if (wait is not null)
        {
            metrics.RateLimited();
        }

        return wait;
    }
}
