using Segnals.Catalog.Generator.Tests.Infrastructure;
using Xunit;

namespace Segnals.Catalog.Generator.Tests;

/// <summary>Every emitted artifact, for the real catalog and a small fixture catalog, against snapshots.</summary>
public sealed class CatalogSnapshotTests
{
    [Fact]
    public void RealCatalogGeneratesCompilingCodeWithoutDiagnostics()
    {
        var run = GeneratorHarness.Run(GeneratorHarness.RealCatalog());

        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.CompileErrors);
        Assert.Equal(36, run.Sources.Keys.Count(name => name.StartsWith("Tools.", StringComparison.Ordinal)));
    }

    [Fact]
    public void RealCatalogArtifactsMatchSnapshots()
    {
        var run = GeneratorHarness.Run(GeneratorHarness.RealCatalog());

        foreach (var (hintName, source) in run.Sources.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            Snapshot.Match(source, "Real." + hintName.Replace(".g.cs", string.Empty, StringComparison.Ordinal), "txt");
        }
    }

    [Fact]
    public void FixtureCatalogArtifactsMatchSnapshots()
    {
        var run = GeneratorHarness.Run(FixtureCatalog.With());

        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.CompileErrors);
        Assert.Equal(
            ["ISegnalsApiClient.g.cs", "Requests.g.cs", "SegnalsCatalog.ToolReference.g.cs", "SegnalsCatalog.g.cs", "SegnalsJsonContext.g.cs", "Tools.DemoGetThingTool.g.cs", "Tools.DemoListThingsTool.g.cs", "Tools.DemoUpdateThingTool.g.cs"],
            run.Sources.Keys.Order(StringComparer.Ordinal));
        foreach (var (hintName, source) in run.Sources)
        {
            Snapshot.Match(source, "Fixture." + hintName.Replace(".g.cs", string.Empty, StringComparison.Ordinal), "txt");
        }
    }

    [Fact]
    public void AnswersOnlyFixtureArtifactsMatchSnapshots()
    {
        var run = GeneratorHarness.Run(FixtureCatalog.With(group: FixtureCatalog.AnswersOnlyGroup));

        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.CompileErrors);
        foreach (var (hintName, source) in run.Sources)
        {
            Snapshot.Match(source, "AnswersOnly." + hintName.Replace(".g.cs", string.Empty, StringComparison.Ordinal), "txt");
        }
    }

    [Fact]
    public void OutputIsDeterministicAcrossRuns()
    {
        var first = GeneratorHarness.Run(GeneratorHarness.RealCatalog()).Sources;
        var second = GeneratorHarness.Run(GeneratorHarness.RealCatalog().Reverse()).Sources;

        Assert.Equal(first.OrderBy(pair => pair.Key, StringComparer.Ordinal), second.OrderBy(pair => pair.Key, StringComparer.Ordinal));
    }

    [Fact]
    public void MarkdownReferenceMatchesSnapshot()
    {
        var markdown = Segnals.Mcp.Generated.SegnalsCatalog.ToolReferenceMarkdown;

        Snapshot.Match(markdown, "Real.TOOLS", "md");
    }

    [Fact]
    public void CommittedToolsDocumentIsUpToDate()
    {
        var path = Path.Combine(RepositoryPaths.Root, "docs", "TOOLS.md");
        var committed = File.Exists(path) ? File.ReadAllText(path).Replace("\r\n", "\n") : "(missing)";

        Assert.True(
            committed == Segnals.Mcp.Generated.SegnalsCatalog.ToolReferenceMarkdown,
            "docs/TOOLS.md is stale: run `dotnet run --project runtime/Segnals.Mcp.Server -- docs` and commit the result.");
    }
}
