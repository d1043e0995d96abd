using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Segnals.Catalog.Generator.Tests.Infrastructure;

/// <summary>
/// Runs the catalog generator in memory over YAML texts, the way the compiler would: in one driver with the
/// generators that build on its output (Refit's, which implements the interface, and System.Text.Json's,
/// which fills the JSON context), taken from the same packages the build uses. Ours is always first.
/// </summary>
internal static class GeneratorHarness
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(LoadReferences);
    private static readonly Lazy<ImmutableArray<ISourceGenerator>> CompanionGenerators = new(CompanionGenerator.LoadAll);

    /// <summary>The symbols the SDK defines for net10.0: Refit's registration (a module initializer) is compiled only under them.</summary>
    private static readonly CSharpParseOptions ParseOptions = new(
        LanguageVersion.Latest,
        preprocessorSymbols: ["NET", "NET10_0", .. Enumerable.Range(5, 6).Select(major => $"NET{major}_0_OR_GREATER"), "NETCOREAPP", "NETCOREAPP3_1_OR_GREATER"]);

    public static IReadOnlyList<AdditionalText> RealCatalog() =>
        Directory.GetFiles(RepositoryPaths.Catalog, "*.yaml", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .Select(path => (AdditionalText)new InMemoryAdditionalText(path, File.ReadAllText(path)))
            .ToList();

    public static CSharpCompilation NewCompilation(params string[] sources) => CSharpCompilation.Create(
        "GeneratedCatalogUnderTest",
        sources.Select(source => CSharpSyntaxTree.ParseText(source, ParseOptions)),
        References.Value,
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    public static GeneratorDriver CreateDriver(IEnumerable<AdditionalText> files) => CSharpGeneratorDriver.Create(
        [new CatalogGenerator().AsSourceGenerator(), .. CompanionGenerators.Value],
        additionalTexts: files,
        parseOptions: ParseOptions,
        driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    public static GeneratorRun Run(IEnumerable<AdditionalText> files)
    {
        var driver = CreateDriver(files).RunGeneratorsAndUpdateCompilation(NewCompilation(), out var output, out _);
        return new GeneratorRun(driver, driver.GetRunResult(), output);
    }

    /// <summary>Every reference the generated code needs: the framework, the runtime and the MCP SDK.</summary>
    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        var trusted = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        var local = Directory.GetFiles(AppContext.BaseDirectory, "*.dll")
            .Where(path => !Path.GetFileName(path).StartsWith("Segnals.Mcp.Catalog", StringComparison.Ordinal)
                && !Path.GetFileName(path).StartsWith("Segnals.Catalog.Generator", StringComparison.Ordinal));
        return trusted.Concat(local)
            .GroupBy(Path.GetFileName, StringComparer.OrdinalIgnoreCase)
            .Select(group => group.First())
            .Where(path => !Path.GetFileName(path).StartsWith("Segnals.Mcp.Catalog", StringComparison.Ordinal))
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToImmutableArray();
    }
}

internal sealed record GeneratorRun(GeneratorDriver Driver, GeneratorDriverRunResult Result, Compilation Output)
{
    public ImmutableArray<Diagnostic> Diagnostics => Result.Diagnostics;

    /// <summary>What the catalog generator emitted, by hint name.</summary>
    public IReadOnlyDictionary<string, string> Sources => Result.Results[0].GeneratedSources
        .ToDictionary(source => source.HintName, source => source.SourceText.ToString(), StringComparer.Ordinal);

    public IReadOnlyList<Diagnostic> CompileErrors => Output.GetDiagnostics().Where(diagnostic => diagnostic.Severity == DiagnosticSeverity.Error).ToList();
}
