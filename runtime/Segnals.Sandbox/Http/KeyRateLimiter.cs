using System.Collections.Concurrent;

namespace Segnals.Sandbox.Http;

/// <summary>
/// Per-key fixed one-minute windows on the sandbox clock. In memory: a restart forgets the counts, which a
/// rate limit may do. A refused request learns how many seconds remain in the window.
/// </summary>
internal sealed class KeyRateLimiter
{
    private const long WindowMs = 60_000;
    private readonly ConcurrentDictionary<long, Window> _windows = new();

    public bool TryAcquire(long keyId, int limitPerMinute, long nowMs, out int retryAfterSeconds)
    {
        var window = _windows.GetOrAdd(keyId, static _ => new Window());
        var start = nowMs - (nowMs % WindowMs);
        lock (window)
        {
            if (window.Start != start)
            {
                window.Start = start;
                window.Count = 0;
            }
            if (window.Count < limitPerMinute)
            {
                window.Count++;
                retryAfterSeconds = 0;
                return true;
            }
        }
        var remainingMs = start + WindowMs - nowMs;
        retryAfterSeconds = (int)Math.Max(1, (remainingMs + 999) / 1000);
        return false;
    }

    private sealed class Window
    {
        public long Start { get; set; } = long.MinValue;

        public int Count { get; set; }
    }
}
