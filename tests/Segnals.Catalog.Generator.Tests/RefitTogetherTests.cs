using Microsoft.CodeAnalysis;
using Segnals.Catalog.Generator.Tests.Infrastructure;
using Xunit;

namespace Segnals.Catalog.Generator.Tests;

/// <summary>
/// Our generator, Refit's and System.Text.Json's in one driver, as in the real build: the interface, bodies and
/// context we emit before the compilation exists are seen by the other two, which implement them, and the
/// whole compiles without errors and without Refit falling back to reflection.
/// </summary>
public sealed class RefitTogetherTests
{
    [Fact]
    public void RefitImplementsTheEmittedInterfaceAndEverythingCompiles()
    {
        var run = GeneratorHarness.Run(GeneratorHarness.RealCatalog());

        var refit = Assert.Single(run.Result.Results, result => result.Generator.GetGeneratorType().Assembly.GetName().Name == CompanionGenerator.Refit);
        var implementation = Assert.Single(refit.GeneratedSources, source => source.HintName == "ISegnalsApiClient.g.cs").SourceText.ToString();
        Assert.Contains(": global::Segnals.Mcp.Generated.ISegnalsApiClient", implementation, StringComparison.Ordinal);

        // Request-building mode: Refit's code builds each request and hands it back; sending is the handler chain's.
        Assert.Contains("return global::System.Threading.Tasks.Task.FromResult(refitRequest);", implementation, StringComparison.Ordinal);
        Assert.DoesNotContain("GeneratedRequestRunner.SendAsync", implementation, StringComparison.Ordinal);

        var json = Assert.Single(run.Result.Results, result => result.Generator.GetGeneratorType().Assembly.GetName().Name == CompanionGenerator.SystemTextJson);
        Assert.Contains(json.GeneratedSources, source => source.HintName == "SegnalsJsonContext.CreateBotBody.g.cs");

        // RF006 and friends would mean a method Refit could not generate and would build by reflection (not AOT safe).
        Assert.Empty(run.Result.Diagnostics);
        Assert.Empty(run.CompileErrors);
        Assert.Empty(run.Output.GetDiagnostics().Where(diagnostic => diagnostic.Severity == DiagnosticSeverity.Warning));
    }

    [Fact]
    public void WithACatalogErrorNothingIsEmittedBeforeTheCompilationAndTheErrorIsReported()
    {
        var run = GeneratorHarness.Run(FixtureCatalog.With(group: FixtureCatalog.Group.Replace("scope: \"read:things\"", "scope: \"read:nothing\"", StringComparison.Ordinal)));

        Assert.Contains(run.Diagnostics, diagnostic => diagnostic.Id == "CAT006");
        Assert.DoesNotContain("ISegnalsApiClient.g.cs", run.Sources.Keys);
        Assert.All(run.Result.Results.Skip(1), result => Assert.Empty(result.GeneratedSources.Where(source => source.HintName.Contains("Segnals", StringComparison.Ordinal))));
    }
}
