using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;
using Segnals.Benchmarks.Generator.Catalogs;
using Segnals.Benchmarks.Measurement;
using Segnals.Benchmarks.Generator.Running;
using Segnals.Catalog.Generator;

// Generator benchmark. Run from the repository root:
//   dotnet run -c Release --project eng/Benchmarks.Generator [-- --quick] [-- --repo <path>]
// Targets (issue 2): the 36-tool catalog under 100 ms, 1,000 tools under 2 s, cost growing linearly.

const double RealTargetMs = 100;
const double LargeTargetMs = 2000;
const double LinearityLimit = 1.25;

var quick = args.Contains("--quick");
if (quick)
{
    Case.MinimumWarmUp = TimeSpan.FromSeconds(0.5);
}

var repoIndex = Array.IndexOf(args, "--repo");
var root = RepositoryRoot.Find(repoIndex >= 0 && repoIndex + 1 < args.Length ? args[repoIndex + 1] : null);
int Scale(int runs) => quick ? Math.Max(3, runs / 4) : runs;

PrintEnvironment(root);

var real = RealCatalog.Load(root);
var service = RealCatalog.ServiceFile(real);

// 1. The very first generation in this process: JIT and type loading of Roslyn, YamlDotNet and the generator.
var firstClock = Stopwatch.StartNew();
var firstRun = GeneratorRunner.Run(GeneratorRunner.NewDriver(real));
firstClock.Stop();
var realTools = firstRun.GetRunResult().Results.Single().GeneratedSources.Count(source => source.HintName.StartsWith("Tools.", StringComparison.Ordinal));

var cases = new List<Case> { new("real catalog", real, realTools, Scale(10), Scale(50)) };
foreach (var (size, warmUp, runs) in new[] { (100, 5, 30), (250, 3, 20), (500, 3, 15), (1000, 3, 12) })
{
    cases.Add(new Case("synthetic " + size.ToString("N0", System.Globalization.CultureInfo.InvariantCulture), SyntheticCatalog.Create(service, size), size, Scale(warmUp), Scale(runs)));
}

Console.WriteLine("Cold generation: a fresh GeneratorDriver + CatalogGenerator per run, RunGenerators on an empty compilation,");
Console.WriteLine($"after a warm-up of at least {Case.MinimumWarmUp.TotalSeconds:0} s per case (the compiler server keeps the generator loaded and jitted).");
Console.WriteLine($"First run in a fresh process (JIT of Roslyn, YamlDotNet and the generator), real catalog: {Table.Ms(firstClock.Elapsed.TotalMilliseconds)} ms");
Console.WriteLine();

var results = new List<CaseResult>();
foreach (var benchmarkCase in cases)
{
    Console.Error.WriteLine($"  measuring {benchmarkCase.Label} ({benchmarkCase.WarmUp} warm-up + {benchmarkCase.Runs} runs)...");
    results.Add(benchmarkCase.Measure());
}

var table = new Table("catalog", "tools", "files", "runs", "median ms", "p95 ms", "min ms", "max ms", "µs/tool", "alloc MiB", "generated KiB", "target", "met");
foreach (var result in results)
{
    var target = result.Case.Label == "real catalog" ? RealTargetMs : result.Case.Tools == 1000 ? LargeTargetMs : (double?)null;
    table.Row(
        result.Case.Label,
        result.Case.Tools.ToString(System.Globalization.CultureInfo.InvariantCulture),
        result.Case.Files.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
        result.Times.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
        Table.Ms(result.Times.Median),
        Table.Ms(result.Times.Percentile(95)),
        Table.Ms(result.Times.Min),
        Table.Ms(result.Times.Max),
        Table.Number(result.PerToolMs * 1000, "0"),
        Table.Number(result.AllocatedMiB.Median, "0.0"),
        Table.Number(result.Summary.GeneratedChars / 1024.0, "0"),
        target is { } limit ? "< " + limit.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) + " ms" : "-",
        target is { } goal ? (result.Times.Median < goal ? "yes" : "NO") : "-");
}

Console.WriteLine(table);

// 2. Linearity over the synthetic sizes.
var synthetic = results.Where(result => result.Case.Label.StartsWith("synthetic", StringComparison.Ordinal)).ToList();
var smallest = synthetic.First();
var largest = synthetic.Last();
var ratio = largest.PerToolMs / smallest.PerToolMs;
var (intercept, slope, rSquared) = Fit(synthetic.Select(result => ((double)result.Case.Tools, result.Times.Median)).ToList());
Console.WriteLine("Linearity (synthetic catalogs, medians)");
Console.WriteLine(new Table("measure", "value")
    .Row($"per-tool cost at {largest.Case.Tools:N0} / at {smallest.Case.Tools:N0} (medians)", Table.Number(ratio, "0.00") + "x")
    .Row($"per-tool cost at {largest.Case.Tools:N0} / at {smallest.Case.Tools:N0} (fastest runs)", Table.Number(largest.Times.Min / largest.Case.Tools / (smallest.Times.Min / smallest.Case.Tools), "0.00") + "x")
    .Row("least-squares fit t = a + b·n: a (fixed)", Table.Ms(intercept) + " ms")
    .Row("                               b (per tool)", Table.Number(slope * 1000, "0") + " µs")
    .Row("                               R²", Table.Number(rSquared, "0.0000"))
    .Row($"marginal cost {synthetic[^2].Case.Tools:N0}→{largest.Case.Tools:N0} per tool", Table.Number((largest.Times.Median - synthetic[^2].Times.Median) / (largest.Case.Tools - synthetic[^2].Case.Tools) * 1000, "0") + " µs")
    .Row($"linear (ratio ≤ {LinearityLimit:0.00}x)", ratio <= LinearityLimit ? "yes" : "NO"));

// 3. Incremental re-runs with one driver (the IDE loop).
Console.Error.WriteLine("  measuring incremental re-runs...");
var incremental = IncrementalRun.Measure(real, Scale(10), Scale(50));
Console.WriteLine($"Incremental re-run, real catalog, same driver (edit = one tool's summary in tools/{IncrementalRun.EditedFile})");
Console.WriteLine(new Table("run", "runs", "median ms", "p95 ms", "min ms", "vs cold median")
    .Row("cold (fresh driver), from above", results[0].Times.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), Table.Ms(results[0].Times.Median), Table.Ms(results[0].Times.Percentile(95)), Table.Ms(results[0].Times.Min), "1.00x")
    .Row("re-run, nothing changed", incremental.Unchanged.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), Table.Ms(incremental.Unchanged.Median), Table.Ms(incremental.Unchanged.Percentile(95)), Table.Ms(incremental.Unchanged.Min), Table.Number(incremental.Unchanged.Median / results[0].Times.Median, "0.00") + "x")
    .Row("re-run, one YAML file edited", incremental.Edited.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), Table.Ms(incremental.Edited.Median), Table.Ms(incremental.Edited.Percentile(95)), Table.Ms(incremental.Edited.Min), Table.Number(incremental.Edited.Median / results[0].Times.Median, "0.00") + "x"));
var steps = new Table("tracked step (after the edit)", "outputs by reason");
foreach (var (step, reasons) in incremental.Steps)
{
    steps.Row(step, reasons);
}

Console.WriteLine(steps);

// 4. Where the time goes: the pipeline's stages called directly.
Console.Error.WriteLine("  measuring phases...");
var measured = results.Where(result => result.Case.Label == "real catalog" || result.Case.Tools == 1000).ToList();
var phases = new Table(["phase (medians, ms)", .. measured.Select(result => result.Case.Label + " (" + result.Case.Tools + " tools)")]);
var stageSamples = new List<Samples[]>();
var withParse = new List<Samples>();
foreach (var result in measured)
{
    var stages = PhaseBreakdown.Stages.Select(_ => new Samples()).ToArray();
    var parse = new Samples();
    for (var index = 0; index < Scale(5) + Scale(15); index++)
    {
        GC.Collect();
        var times = PhaseBreakdown.MeasureStages(result.Case.Files);
        GC.Collect();
        var full = PhaseBreakdown.MeasureRunAndParseOutput(result.Case.Files);
        if (index >= Scale(5))
        {
            for (var stage = 0; stage < times.Length; stage++)
            {
                stages[stage].Add(times[stage]);
            }

            parse.Add(full);
        }
    }

    stageSamples.Add(stages);
    withParse.Add(parse);
}

for (var stage = 0; stage < PhaseBreakdown.Stages.Length; stage++)
{
    phases.Row([PhaseBreakdown.Stages[stage], .. stageSamples.Select((samples, column) => Table.Ms(samples[stage].Median) + $" ({samples[stage].Median / measured[column].Times.Median:P0})")]);
}

phases.Row(["sum of stages", .. stageSamples.Select((samples, column) => Table.Ms(samples.Sum(sample => sample.Median)) + $" ({samples.Sum(sample => sample.Median) / measured[column].Times.Median:P0})")]);
phases.Row(["driver run (cold, from above)", .. measured.Select(result => Table.Ms(result.Times.Median))]);
phases.Row(["driver overhead (run − stages)", .. stageSamples.Select((samples, column) => Table.Ms(measured[column].Times.Median - samples.Sum(sample => sample.Median)))]);
phases.Row(["run + compiler parses output C#", .. withParse.Select(samples => Table.Ms(samples.Median))]);
Console.WriteLine("Phase breakdown: the generator's stages called directly (percent of the cold driver run). The driver");
Console.WriteLine("builds the generated syntax trees lazily; the last row adds the parse the compilation does next.");
Console.WriteLine(phases);

var met = results[0].Times.Median < RealTargetMs && largest.Times.Median < LargeTargetMs && ratio <= LinearityLimit;
Console.WriteLine($"Load average at the end: {LoadAverage()} (other processes on this machine add noise).");
Console.WriteLine(met ? "All generator targets met." : "Some generator targets were missed (see 'met' above).");
return 0;

static (double Intercept, double Slope, double RSquared) Fit(IReadOnlyList<(double X, double Y)> points)
{
    var meanX = points.Average(point => point.X);
    var meanY = points.Average(point => point.Y);
    var slope = points.Sum(point => (point.X - meanX) * (point.Y - meanY)) / points.Sum(point => (point.X - meanX) * (point.X - meanX));
    var intercept = meanY - (slope * meanX);
    var total = points.Sum(point => (point.Y - meanY) * (point.Y - meanY));
    var residual = points.Sum(point => Math.Pow(point.Y - (intercept + (slope * point.X)), 2));
    return (intercept, slope, 1 - (residual / total));
}

static void PrintEnvironment(string root)
{
    var generator = typeof(CatalogGenerator).Assembly;
    var optimized = generator.GetCustomAttribute<DebuggableAttribute>()?.IsJITOptimizerDisabled != true;
    var cpu = File.Exists("/proc/cpuinfo")
        ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(line => line.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
        : null;
    Console.WriteLine("Segnals catalog generator benchmark");
    Console.WriteLine($"  repository : {root}");
    Console.WriteLine($"  runtime    : {RuntimeInformation.FrameworkDescription}, {RuntimeInformation.OSDescription}, {RuntimeInformation.ProcessArchitecture}");
    Console.WriteLine($"  machine    : {cpu ?? "unknown CPU"}, {Environment.ProcessorCount} logical CPUs, load average {LoadAverage()}");
    Console.WriteLine($"  Roslyn     : {typeof(Microsoft.CodeAnalysis.CSharp.CSharpCompilation).Assembly.GetName().Version}, generator build {(optimized ? "optimized (Release)" : "NOT optimized (Debug): figures are pessimistic")}");
    Console.WriteLine();
}

static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
