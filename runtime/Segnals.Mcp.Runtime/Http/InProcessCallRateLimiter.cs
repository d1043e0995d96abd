namespace Segnals.Mcp.Runtime.Http;

/// <summary>
/// One token bucket per caller holding a minute's budget, refilled continuously. It never waits: an agent
/// that calls in a tight loop is told to slow down at once instead of having its calls silently queued.
/// Our own bucket rather than TokenBucketRateLimiter because that one refills on a real timer and cannot
/// follow a test's <see cref="TimeProvider"/>.
/// </summary>
public sealed class InProcessCallRateLimiter : ICallRateLimiter
{
    // A bucket left alone for a minute is full again, so forgetting it changes nothing; past this many
    // callers the full ones are dropped, which keeps a server with many users from growing without bound.
    private const int PruneAbove = 10_000;

    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly double _capacity;
    private readonly double _tokensPerSecond;
    private readonly Dictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);

    public InProcessCallRateLimiter(int perMinute, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(perMinute, 1);
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
        _capacity = perMinute;
        _tokensPerSecond = perMinute / 60.0;
    }

    public int PerMinute => (int)_capacity;

    public ValueTask<TimeSpan?> TryAcquireAsync(string callerId, CancellationToken cancellationToken) =>
        ValueTask.FromResult(TryAcquire(callerId));

    private TimeSpan? TryAcquire(string callerId)
    {
        ArgumentNullException.ThrowIfNull(callerId);
        lock (_gate)
        {
            var now = _time.GetTimestamp();
            if (!_buckets.TryGetValue(callerId, out var bucket))
            {
                if (_buckets.Count >= PruneAbove)
                {
                    PruneFull(now);
                }

                bucket = new Bucket { Tokens = _capacity, LastRefill = now };
                _buckets[callerId] = bucket;
            }

            Refill(bucket, now);
            if (bucket.Tokens >= 1)
            {
                bucket.Tokens -= 1;
                return null;
            }

            return TimeSpan.FromSeconds((1 - bucket.Tokens) / _tokensPerSecond);
        }
    }

    private void Refill(Bucket bucket, long now)
    {
        var elapsedSeconds = _time.GetElapsedTime(bucket.LastRefill, now).TotalSeconds;
        bucket.Tokens = Math.Min(_capacity, bucket.Tokens + elapsedSeconds * _tokensPerSecond);
        bucket.LastRefill = now;
    }

    private void PruneFull(long now)
    {
        foreach (var (callerId, bucket) in _buckets)
        {
            Refill(bucket, now);
            if (bucket.Tokens >= _capacity)
            {
                _buckets.Remove(callerId);
            }
        }
    }

    private sealed class Bucket
    {
        public double Tokens;
        public long LastRefill;
    }
}
