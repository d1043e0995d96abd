using System.Diagnostics;
using Segnals.Benchmarks.Generator.Catalogs;
using Segnals.Benchmarks.Measurement;

namespace Segnals.Benchmarks.Generator.Running;

/// <summary>One catalog to generate: its files, how many tools it must produce, and how often to run it.</summary>
internal sealed record Case(string Label, IReadOnlyList<InMemoryAdditionalText> Files, int Tools, int WarmUp, int Runs)
{
    /// <summary>Warm-up lasts at least this long, so tiered JIT has promoted the hot paths before anything is timed.</summary>
    public static TimeSpan MinimumWarmUp { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Cold generation: a fresh driver and generator per run, so nothing is cached between runs.</summary>
    public CaseResult Measure()
    {
        var summary = GeneratorRunner.Check(GeneratorRunner.Run(GeneratorRunner.NewDriver(Files)), Tools, Label);
        var warmUp = Stopwatch.StartNew();
        for (var index = 0; index < WarmUp || warmUp.Elapsed < MinimumWarmUp; index++)
        {
            GeneratorRunner.Run(GeneratorRunner.NewDriver(Files));
        }

        var times = new Samples();
        var allocated = new Samples();
        for (var index = 0; index < Runs; index++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            var before = GC.GetTotalAllocatedBytes(precise: true);
            var clock = Stopwatch.StartNew();
            GeneratorRunner.Run(GeneratorRunner.NewDriver(Files));
            clock.Stop();
            allocated.Add((GC.GetTotalAllocatedBytes(precise: true) - before) / (1024.0 * 1024.0));
            times.Add(clock.Elapsed.TotalMilliseconds);
        }

        return new CaseResult(this, summary, times, allocated);
    }
}

internal sealed record CaseResult(Case Case, GenerationSummary Summary, Samples Times, Samples AllocatedMiB)
{
    public double PerToolMs => Times.Median / Case.Tools;
}
