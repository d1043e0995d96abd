namespace Segnals.Sandbox.Tests.Infrastructure;

/// <summary>A clock the test moves by hand, so warm-ups, trades, expiries and rate-limit windows happen on demand.</summary>
public sealed class ManualTimeProvider : TimeProvider
{
    /// <summary>A fixed start, so seeded history and prices are the same on every run.</summary>
    public static readonly DateTimeOffset DefaultStart = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);

    private long _ticks;

    public ManualTimeProvider(DateTimeOffset? start = null) => _ticks = (start ?? DefaultStart).UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
}
