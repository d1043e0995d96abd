using System.Diagnostics;
using System.Globalization;

namespace Segnals.Benchmarks.Sandbox;

/// <summary>The outcome of one scenario: how many requests completed, how fast, and any failures.</summary>
internal sealed record LoadResult(string Name, int Requests, int Failures, TimeSpan Duration, double[] LatenciesMs)
{
    public double RequestsPerSecond => Requests / Duration.TotalSeconds;

    public double Percentile(double p)
    {
        if (LatenciesMs.Length == 0)
        {
            return double.NaN;
        }
        var index = (int)Math.Ceiling(p / 100.0 * LatenciesMs.Length) - 1;
        return LatenciesMs[Math.Clamp(index, 0, LatenciesMs.Length - 1)];
    }

    public string Row() => string.Create(CultureInfo.InvariantCulture,
        $"{Name,-18} {Requests,9} {RequestsPerSecond,10:0} {Percentile(50),9:0.00} {Percentile(99),9:0.00} {Percentile(99.9),9:0.00} {LatenciesMs.LastOrDefault(),9:0.00} {LatenciesMs.Count(l => l > 100),7} {Failures,8}");

    public static string Header => $"{"scenario",-18} {"requests",9} {"req/s",10} {"p50 ms",9} {"p99 ms",9} {"p99.9 ms",9} {"max ms",9} {">100ms",7} {"failures",8}";
}

/// <summary>Runs <c>clients</c> concurrent loops of one request kind for a fixed time (after a short unmeasured warm-up).</summary>
internal static class LoadRun
{
    public static async Task<LoadResult> RunAsync(string name, int clients, TimeSpan warmup, TimeSpan duration, Func<int, int, Task<bool>> request)
    {
        await RunPhaseAsync(clients, warmup, request, record: false);
        var started = Stopwatch.GetTimestamp();
        var perClient = await RunPhaseAsync(clients, duration, request, record: true);
        var elapsed = Stopwatch.GetElapsedTime(started);
        var latencies = perClient.SelectMany(c => c.Latencies).ToArray();
        Array.Sort(latencies);
        return new LoadResult(name, latencies.Length, perClient.Sum(c => c.Failures), elapsed, latencies);
    }

    private static async Task<(List<double> Latencies, int Failures)[]> RunPhaseAsync(int clients, TimeSpan duration, Func<int, int, Task<bool>> request, bool record)
    {
        var end = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var tasks = Enumerable.Range(0, clients).Select(client => Task.Run(async () =>
        {
            var latencies = new List<double>(record ? 1 << 16 : 0);
            var failures = 0;
            for (var i = 0; Stopwatch.GetTimestamp() < end; i++)
            {
                var t0 = Stopwatch.GetTimestamp();
                var ok = await request(client, i);
                var ms = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
                if (!ok)
                {
                    failures++;
                }
                if (record)
                {
                    latencies.Add(ms);
                }
            }
            return (latencies, failures);
        }));
        return await Task.WhenAll(tasks);
    }
}
