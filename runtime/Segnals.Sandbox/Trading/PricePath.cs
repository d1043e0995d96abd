using System.Collections.Concurrent;

namespace Segnals.Sandbox.Trading;

/// <summary>
/// Deterministic simulated prices. Each symbol follows a seeded, mean-reverting random walk in log space
/// (so decades of simulation never drift to zero or infinity), stepped once per minute from a fixed epoch.
/// The path depends only on the symbol and the minute, so every host and every restart sees the same market.
/// Day-start values are computed once and kept; minute values are computed per day and cached.
/// </summary>
internal static class PricePath
{
    public static readonly DateTimeOffset Epoch = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
    public const int MinutesPerDay = 1440;
    private const long MsPerMinute = 60_000;
    private static readonly long EpochMs = Epoch.ToUnixTimeMilliseconds();
    private static readonly ConcurrentDictionary<string, Series> SeriesBySymbol = new(StringComparer.Ordinal);

    /// <summary>The minute index (from the epoch) that contains <paramref name="unixMs"/>; 0 before the epoch.</summary>
    public static long MinuteOf(long unixMs) => unixMs <= EpochMs ? 0 : (unixMs - EpochMs) / MsPerMinute;

    /// <summary>First minute index at or after <paramref name="unixMs"/>.</summary>
    public static long MinuteAtOrAfter(long unixMs) => unixMs <= EpochMs ? 0 : (unixMs - EpochMs + MsPerMinute - 1) / MsPerMinute;

    public static long TimeOfMinute(long minute) => EpochMs + (minute * MsPerMinute);

    /// <summary>Price at the start of a minute.</summary>
    public static double At(SymbolInfo symbol, long minute) => Math.Exp(Get(symbol).LogAt(Math.Max(0, minute)));

    /// <summary>Price at any instant: linear between the two surrounding minute marks, so it moves while you watch.</summary>
    public static double AtTime(SymbolInfo symbol, long unixMs)
    {
        if (unixMs <= EpochMs)
        {
            return At(symbol, 0);
        }
        var minute = MinuteOf(unixMs);
        var fraction = (double)((unixMs - EpochMs) % MsPerMinute) / MsPerMinute;
        var a = At(symbol, minute);
        var b = At(symbol, minute + 1);
        return a + ((b - a) * fraction);
    }

    private static Series Get(SymbolInfo symbol) => SeriesBySymbol.GetOrAdd(symbol.Symbol, static (_, s) => new Series(s), symbol);

    private sealed class Series
    {
        private const double Reversion = 1.0 / (MinutesPerDay * 45.0);
        private const int MaxCachedDays = 96;
        private readonly ulong _seed;
        private readonly double _mean;
        private readonly double _sigma;
        private readonly Lock _gate = new();
        private readonly List<double> _dayStarts;
        private readonly ConcurrentDictionary<long, double[]> _days = new();

        public Series(SymbolInfo symbol)
        {
            _seed = SeedOf(symbol.Symbol);
            _mean = Math.Log(symbol.BasePrice);
            _sigma = symbol.VolatilityPerMinute;
            _dayStarts = [_mean];
        }

        public double LogAt(long minute) => Day(minute / MinutesPerDay)[(int)(minute % MinutesPerDay)];

        private double[] Day(long day)
        {
            if (_days.TryGetValue(day, out var cached))
            {
                return cached;
            }
            var start = DayStart(day);
            var values = new double[MinutesPerDay];
            var current = start;
            var first = day * MinutesPerDay;
            for (var i = 0; i < MinutesPerDay; i++)
            {
                values[i] = current;
                current = Step(current, first + i);
            }
            if (_days.Count >= MaxCachedDays)
            {
                _days.Clear();
            }
            _days[day] = values;
            return values;
        }

        private double DayStart(long day)
        {
            lock (_gate)
            {
                while (_dayStarts.Count <= day)
                {
                    var d = _dayStarts.Count - 1;
                    var current = _dayStarts[d];
                    var first = (long)d * MinutesPerDay;
                    for (var i = 0; i < MinutesPerDay; i++)
                    {
                        current = Step(current, first + i);
                    }
                    _dayStarts.Add(current);
                }
                return _dayStarts[(int)day];
            }
        }

        private double Step(double log, long minute)
        {
            // Two uniform draws summed: a triangular shock with unit variance, cheap and deterministic.
            var a = Unit(Mix(_seed ^ (ulong)minute));
            var b = Unit(Mix((_seed + 0x9E3779B97F4A7C15UL) ^ (ulong)minute));
            var shock = (a + b - 1.0) * 2.449489742783178; // sqrt(6)
            return log + (Reversion * (_mean - log)) + (_sigma * shock);
        }

        private static double Unit(ulong bits) => (bits >> 11) * (1.0 / (1UL << 53));

        private static ulong SeedOf(string symbol)
        {
            // FNV-1a: stable across processes and runtimes (string.GetHashCode is randomized).
            var hash = 14695981039346656037UL;
            foreach (var c in symbol)
            {
                hash = (hash ^ c) * 1099511628211UL;
            }
            return Mix(hash);
        }
    }

    /// <summary>SplitMix64 finalizer: a good 64-bit mix for hash-based randomness.</summary>
    public static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Deterministic value in [0, 1) from a seed and a position.</summary>
    public static double Hash01(ulong seed, long position) => (Mix(seed ^ Mix((ulong)position)) >> 11) * (1.0 / (1UL << 53));
}
