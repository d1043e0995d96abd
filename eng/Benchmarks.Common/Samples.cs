namespace Segnals.Benchmarks.Measurement;

/// <summary>Timings of one case, in milliseconds, with the order statistics the report prints.</summary>
public sealed class Samples
{
    private readonly List<double> _values = [];
    private double[]? _sorted;

    public int Count => _values.Count;

    /// <summary>Every sample kept, in the order taken.</summary>
    public IReadOnlyList<double> Values => _values;

    /// <summary>Adds a sample; <paramref name="keep"/> false discards it (a warm-up), which keeps timed loops branch-light.</summary>
    public void Add(double milliseconds, bool keep = true)
    {
        if (!keep)
        {
            return;
        }

        _values.Add(milliseconds);
        _sorted = null;
    }

    public double Median => Percentile(50);

    public double Min => Sorted[0];

    public double Max => Sorted[^1];

    public double Mean => _values.Average();

    /// <summary>Linear interpolation between closest ranks (the usual "type 7" definition).</summary>
    public double Percentile(double percent)
    {
        var sorted = Sorted;
        if (sorted.Length == 1)
        {
            return sorted[0];
        }

        var rank = percent / 100 * (sorted.Length - 1);
        var lower = (int)Math.Floor(rank);
        var upper = Math.Min(lower + 1, sorted.Length - 1);
        return sorted[lower] + ((sorted[upper] - sorted[lower]) * (rank - lower));
    }

    private double[] Sorted
    {
        get
        {
            if (_values.Count == 0)
            {
                throw new InvalidOperationException("No samples were taken.");
            }

            return _sorted ??= [.. _values.Order()];
        }
    }
}
