namespace Segnals.Mcp.Runtime.Http;

/// <summary>
/// A token bucket holding one minute's budget, refilled continuously. It never waits: an agent that
/// calls in a tight loop is told to slow down at once instead of having its calls silently queued.
/// Our own bucket rather than TokenBucketRateLimiter because that one refills on a real timer and
/// cannot follow a test's <see cref="TimeProvider"/>.
/// </summary>
internal sealed class ClientRateLimiter
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly double _capacity;
    private readonly double _tokensPerSecond;
    private double _tokens;
    private long _lastRefill;

    public ClientRateLimiter(int perMinute, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(perMinute, 1);
        _time = time;
        _capacity = perMinute;
        _tokensPerSecond = perMinute / 60.0;
        _tokens = perMinute;
        _lastRefill = time.GetTimestamp();
    }

    public int PerMinute => (int)_capacity;

    /// <summary>Takes one call from the budget, or says how long until one is available.</summary>
    public bool TryAcquire(out TimeSpan retryAfter)
    {
        lock (_gate)
        {
            var now = _time.GetTimestamp();
            var elapsedSeconds = _time.GetElapsedTime(_lastRefill, now).TotalSeconds;
            _tokens = Math.Min(_capacity, _tokens + elapsedSeconds * _tokensPerSecond);
            _lastRefill = now;

            if (_tokens >= 1)
            {
                _tokens -= 1;
                retryAfter = TimeSpan.Zero;
                return true;
            }

            retryAfter = TimeSpan.FromSeconds((1 - _tokens) / _tokensPerSecond);
            return false;
        }
    }
}
