using System.Diagnostics;
using Segnals.Catalog.Generator.Emitting;
using Segnals.Catalog.Generator.Model;
using Segnals.Catalog.Generator.Parsing;
using Segnals.Catalog.Generator.Validation;
using Segnals.Benchmarks.Generator.Catalogs;

namespace Segnals.Benchmarks.Generator.Running;

/// <summary>
/// Where one generation's time goes, by calling the pipeline's stages directly (the generator's internals
/// are visible to this assembly): YAML parse, validate, emit each artifact. Separately, what the compiler
/// pays afterwards to parse the generated C# (the driver creates those syntax trees lazily, so a
/// generator run does not include it; the compilation that follows does).
/// </summary>
internal static class PhaseBreakdown
{
    public static readonly string[] Stages = ["parse YAML", "validate + model", "emit tools", "emit client", "emit catalog info", "emit markdown"];

    public static double[] MeasureStages(IReadOnlyList<InMemoryAdditionalText> files)
    {
        var times = new double[Stages.Length];
        var clock = Stopwatch.StartNew();

        var parsed = files.Select(file => CatalogFileParser.Parse(file.Path, file.Text)).ToList();
        times[0] = Lap(clock);

        var model = CatalogValidator.Build(parsed).Model ?? throw new InvalidOperationException("The catalog did not validate.");
        times[1] = Lap(clock);

        foreach (var tool in model.Tools)
        {
            _ = ToolEmitter.Emit(tool);
        }

        times[2] = Lap(clock);

        _ = RefitInterfaceEmitter.Emit(model.ClientMethods);
        _ = RequestBodyEmitter.Emit(model.ClientMethods);
        _ = JsonContextEmitter.Emit(model.ClientMethods);
        times[3] = Lap(clock);

        _ = CatalogInfoEmitter.Emit(model.Service, model.Tools.Select(tool => new ToolIdentity(tool.Name, tool.ClassName)).ToEquatableArray());
        times[4] = Lap(clock);

        _ = MarkdownEmitter.EmitConstant(model);
        times[5] = Lap(clock);
        return times;
    }

    /// <summary>A generator run into a compilation, then every generated tree's root forced: generation plus the parse the compiler does next.</summary>
    public static double MeasureRunAndParseOutput(IReadOnlyList<InMemoryAdditionalText> files)
    {
        var clock = Stopwatch.StartNew();
        GeneratorRunner.NewDriver(files).RunGeneratorsAndUpdateCompilation(GeneratorRunner.EmptyCompilation, out var output, out _);
        foreach (var tree in output.SyntaxTrees)
        {
            _ = tree.GetRoot();
        }

        return clock.Elapsed.TotalMilliseconds;
    }

    private static double Lap(Stopwatch clock)
    {
        var elapsed = clock.Elapsed.TotalMilliseconds;
        clock.Restart();
        return elapsed;
    }
}
