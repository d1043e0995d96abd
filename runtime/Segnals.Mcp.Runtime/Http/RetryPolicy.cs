namespace Segnals.Mcp.Runtime.Http;

/// <summary>
/// Decides whether and when to try a request again. Only idempotent methods are retried: a POST that
/// failed may still have been applied, and sending it again could open a second position or bot.
/// </summary>
internal sealed class RetryPolicy
{
    /// <summary>A longer Retry-After is not waited out inside one tool call; the agent is told to wait instead.</summary>
    public static readonly TimeSpan LongestHonouredRetryAfter = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan LongestBackoff = TimeSpan.FromSeconds(10);

    private readonly int _maxRetries;
    private readonly TimeSpan _baseDelay;
    private readonly Func<double> _random;

    /// <param name="random">Returns a number in [0, 1); tests pass a fixed one to see the ceiling.</param>
    public RetryPolicy(int maxRetries, TimeSpan baseDelay, Func<double>? random = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxRetries);
        ArgumentOutOfRangeException.ThrowIfLessThan(baseDelay, TimeSpan.Zero);
        _maxRetries = maxRetries;
        _baseDelay = baseDelay;
        _random = random ?? Random.Shared.NextDouble;
    }

    /// <summary>How many retries an idempotent call gets at most.</summary>
    public int MaxRetries => _maxRetries;

    public static bool IsIdempotent(HttpMethod method) =>
        method == HttpMethod.Get || method == HttpMethod.Head || method == HttpMethod.Put || method == HttpMethod.Delete;

    /// <summary>
    /// The wait before the next attempt, or null when there must be none: retries used up, or the
    /// server asked for a longer pause than <see cref="LongestHonouredRetryAfter"/>.
    /// </summary>
    /// <param name="retriesSoFar">How many retries were already made (0 before the first retry).</param>
    /// <param name="retryAfter">The server's Retry-After, when it gave one; it replaces the backoff.</param>
    public TimeSpan? DelayBeforeRetry(int retriesSoFar, TimeSpan? retryAfter)
    {
        if (retriesSoFar >= _maxRetries)
        {
            return null;
        }

        if (retryAfter is { } requested)
        {
            if (requested > LongestHonouredRetryAfter)
            {
                return null;
            }

            return requested < TimeSpan.Zero ? TimeSpan.Zero : requested;
        }

        // Exponential backoff with full jitter: many clients failing together do not retry in lockstep.
        var ceilingTicks = Math.Min(LongestBackoff.Ticks, _baseDelay.Ticks * Math.Pow(2, Math.Min(retriesSoFar, 30)));
        return TimeSpan.FromTicks((long)(ceilingTicks * _random()));
    }
}
