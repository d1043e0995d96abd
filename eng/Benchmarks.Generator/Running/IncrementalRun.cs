using System.Diagnostics;
using Microsoft.CodeAnalysis;
using Segnals.Benchmarks.Generator.Catalogs;
using Segnals.Benchmarks.Measurement;

namespace Segnals.Benchmarks.Generator.Running;

/// <summary>
/// The edit-compile loop in an IDE: one driver kept across runs. Measures a re-run with nothing changed and
/// a re-run after one tool's summary in one YAML file was edited (alternating two versions, so every run sees a change).
/// </summary>
internal static class IncrementalRun
{
    public const string EditedFile = "bots.yaml";
    public const string EditedText = "List your bots with status, exchange and symbol.";

    public static IncrementalResult Measure(IReadOnlyList<InMemoryAdditionalText> catalog, int warmUp, int runs)
    {
        var original = catalog.Single(file => Path.GetFileName(file.Path) == EditedFile);
        if (!original.Text.Contains(EditedText, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"catalog/tools/{EditedFile} no longer says \"{EditedText}\"; update IncrementalRun.");
        }

        var versions = new[]
        {
            new InMemoryAdditionalText(original.Path, original.Text.Replace(EditedText, "List your bots with their status, exchange and symbol.", StringComparison.Ordinal)),
            original,
        };

        var unchanged = new Samples();
        var edited = new Samples();
        var driver = GeneratorRunner.Run(GeneratorRunner.NewDriver(catalog));
        AdditionalText current = original;
        for (var index = 0; index < warmUp + runs; index++)
        {
            GC.Collect();
            var clock = Stopwatch.StartNew();
            driver = GeneratorRunner.Run(driver);
            clock.Stop();
            if (index >= warmUp)
            {
                unchanged.Add(clock.Elapsed.TotalMilliseconds);
            }

            var next = versions[index % 2];
            GC.Collect();
            clock.Restart();
            driver = GeneratorRunner.Run(driver.ReplaceAdditionalText(current, next));
            clock.Stop();
            current = next;
            if (index >= warmUp)
            {
                edited.Add(clock.Elapsed.TotalMilliseconds);
            }
        }

        return new IncrementalResult(unchanged, edited, TrackedReasons(catalog, original, versions[0]));
    }

    /// <summary>What one edit re-ran, from the driver's own step tracking (a separate run: tracking costs time).</summary>
    private static IReadOnlyList<(string Step, string Reasons)> TrackedReasons(IReadOnlyList<InMemoryAdditionalText> catalog, AdditionalText original, AdditionalText edited)
    {
        var driver = GeneratorRunner.Run(GeneratorRunner.NewDriver(catalog, trackSteps: true));
        driver = GeneratorRunner.Run(driver.ReplaceAdditionalText(original, edited));
        var result = driver.GetRunResult().Results.Single();
        return result.TrackedSteps
            .Concat(result.TrackedOutputSteps.Where(step => !result.TrackedSteps.ContainsKey(step.Key)))
            .OrderBy(step => step.Key, StringComparer.Ordinal)
            .Select(step => (step.Key, string.Join(", ", step.Value
                .SelectMany(run => run.Outputs)
                .GroupBy(output => output.Reason)
                .OrderBy(group => group.Key)
                .Select(group => group.Count() + " " + group.Key.ToString().ToLowerInvariant()))))
            .ToList();
    }
}

internal sealed record IncrementalResult(Samples Unchanged, Samples Edited, IReadOnlyList<(string Step, string Reasons)> Steps);
