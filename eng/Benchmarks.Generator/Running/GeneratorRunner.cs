using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Segnals.Catalog.Generator;

namespace Segnals.Benchmarks.Generator.Running;

/// <summary>Runs the catalog generator as the compiler does: a GeneratorDriver over AdditionalFiles, here on an empty compilation.</summary>
internal static class GeneratorRunner
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    /// <summary>The generator only reads AdditionalFiles, so an empty compilation is all it needs (and keeps compilation cost out of the figures).</summary>
    public static readonly CSharpCompilation EmptyCompilation = CSharpCompilation.Create(
        "CatalogBenchmark",
        syntaxTrees: null,
        references: null,
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));

    /// <summary>A fresh driver with a fresh generator: nothing cached, the cost of a clean build.</summary>
    public static GeneratorDriver NewDriver(IEnumerable<AdditionalText> files, bool trackSteps = false) => CSharpGeneratorDriver.Create(
        [new CatalogGenerator().AsSourceGenerator()],
        additionalTexts: files,
        parseOptions: ParseOptions,
        driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: trackSteps));

    public static GeneratorDriver Run(GeneratorDriver driver) => driver.RunGenerators(EmptyCompilation);

    /// <summary>Fails loudly unless the run produced every artifact and no diagnostic: a benchmark of a broken catalog measures nothing.</summary>
    public static GenerationSummary Check(GeneratorDriver driver, int expectedTools, string label)
    {
        var result = driver.GetRunResult().Results.Single();
        if (result.Exception is not null)
        {
            throw new InvalidOperationException(label + ": the generator threw.", result.Exception);
        }

        if (!result.Diagnostics.IsEmpty)
        {
            throw new InvalidOperationException(label + ": the catalog has diagnostics:\n  " + string.Join("\n  ", result.Diagnostics.Take(10)));
        }

        var tools = result.GeneratedSources.Count(source => source.HintName.StartsWith("Tools.", StringComparison.Ordinal));
        if (tools != expectedTools || result.GeneratedSources.Length != expectedTools + 3)
        {
            throw new InvalidOperationException($"{label}: expected {expectedTools} tool files plus client, catalog and reference; got {tools} tool files of {result.GeneratedSources.Length} sources.");
        }

        return new GenerationSummary(tools, result.GeneratedSources.Length, result.GeneratedSources.Sum(source => (long)source.SourceText.Length));
    }
}

internal sealed record GenerationSummary(int Tools, int Sources, long GeneratedChars);
