namespace Segnals.Mcp.Runtime.Safety;

/// <summary>
/// The single-process replay store: spent nonces are kept until their token expires, then dropped.
/// Bounded: when full of unexpired nonces it refuses new ones (failing closed) rather than forgetting
/// a spent token early, which would let it be replayed.
/// </summary>
public sealed class InMemoryConfirmationReplayStore : IConfirmationReplayStore
{
    /// <summary>Far above what the API's rate limit lets anyone confirm within a token's lifetime.</summary>
    public const int DefaultCapacity = 100_000;

    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly int _capacity;
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);
    private readonly PriorityQueue<string, DateTimeOffset> _byExpiry = new();

    public InMemoryConfirmationReplayStore(TimeProvider time, int capacity = DefaultCapacity)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _time = time;
        _capacity = capacity;
    }

    /// <summary>How many spent nonces are remembered now (for tests and metrics).</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _used.Count;
            }
        }
    }

    public ValueTask<bool> TryMarkUsedAsync(string nonce, DateTimeOffset expiresAt, CancellationToken cancellationToken) =>
        ValueTask.FromResult(TryMarkUsed(nonce, expiresAt));

    private bool TryMarkUsed(string nonce, DateTimeOffset expiresAt)
    {
        ArgumentNullException.ThrowIfNull(nonce);
        lock (_gate)
        {
            ForgetExpired(_time.GetUtcNow());
            if (_used.Contains(nonce) || _used.Count >= _capacity)
            {
                return false;
            }

            _used.Add(nonce);
            _byExpiry.Enqueue(nonce, expiresAt);
            return true;
        }
    }

    private void ForgetExpired(DateTimeOffset now)
    {
        while (_byExpiry.TryPeek(out var nonce, out var expiresAt) && expiresAt <= now)
        {
            _byExpiry.Dequeue();
            _used.Remove(nonce);
        }
    }
}
