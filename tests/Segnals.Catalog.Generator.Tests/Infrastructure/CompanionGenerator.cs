using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Segnals.Catalog.Generator.Tests.Infrastructure;

/// <summary>
/// The generators that run beside ours in the real build, loaded from the analyzer paths this test project's
/// own build resolved (recorded as assembly metadata): Refit's InterfaceStubGeneratorV2 and System.Text.Json's.
/// </summary>
internal static class CompanionGenerator
{
    public const string Refit = "InterfaceStubGeneratorV2";
    public const string SystemTextJson = "System.Text.Json.SourceGeneration";

    public static ImmutableArray<ISourceGenerator> LoadAll()
    {
        var paths = (typeof(CompanionGenerator).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .SingleOrDefault(attribute => attribute.Key == "CompanionGenerators")?.Value ?? string.Empty)
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var generators = new[] { Refit, SystemTextJson }
            .Select(name => paths.FirstOrDefault(path => Path.GetFileNameWithoutExtension(path) == name)
                ?? throw new InvalidOperationException($"The build did not record the {name} generator's path."))
            .SelectMany(path => new AnalyzerFileReference(path, Loader.Instance).GetGenerators(LanguageNames.CSharp))
            .ToImmutableArray();
        return generators.Length >= 2 ? generators : throw new InvalidOperationException("The companion generators did not load.");
    }

    private sealed class Loader : IAnalyzerAssemblyLoader
    {
        public static readonly Loader Instance = new();

        public void AddDependencyLocation(string fullPath)
        {
        }

        public Assembly LoadFromPath(string fullPath) => Assembly.LoadFrom(fullPath);
    }
}
