using System.Collections;
using Microsoft.CodeAnalysis;
using Segnals.Catalog.Generator.Model;
using Segnals.Catalog.Generator.Tests.Infrastructure;
using Xunit;

namespace Segnals.Catalog.Generator.Tests;

/// <summary>The generator does no work twice: unchanged input is cached, one edited tool re-emits one tool.</summary>
public sealed class IncrementalityTests
{
    private static readonly string[] TrackedSteps =
    [
        CatalogGenerator.TrackingNames.ParseFile,
        CatalogGenerator.TrackingNames.BuildCatalog,
        CatalogGenerator.TrackingNames.Diagnostics,
        CatalogGenerator.TrackingNames.ClientMethods,
        CatalogGenerator.TrackingNames.Tools,
        CatalogGenerator.TrackingNames.CatalogInfo,
        CatalogGenerator.TrackingNames.Markdown,
    ];

    [Fact]
    public void SecondRunOnSameInputIsEntirelyCached()
    {
        var compilation = GeneratorHarness.NewCompilation();
        var driver = GeneratorHarness.CreateDriver(GeneratorHarness.RealCatalog()).RunGenerators(compilation);
        var second = driver.RunGenerators(compilation.Clone()).GetRunResult().Results[0];

        foreach (var step in TrackedSteps)
        {
            Assert.True(second.TrackedSteps.ContainsKey(step), $"step {step} was not tracked");
            foreach (var output in second.TrackedSteps[step].SelectMany(run => run.Outputs))
            {
                Assert.True(output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{step}: {output.Reason}");
            }
        }
    }

    [Fact]
    public void UnrelatedCSharpEditRegeneratesNothing()
    {
        var compilation = GeneratorHarness.NewCompilation();
        var driver = GeneratorHarness.CreateDriver(GeneratorHarness.RealCatalog()).RunGenerators(compilation);
        var edited = compilation.AddSyntaxTrees(Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText("class Unrelated { }"));
        var second = driver.RunGenerators(edited).GetRunResult().Results[0];

        foreach (var output in TrackedSteps.SelectMany(step => second.TrackedSteps[step]).SelectMany(run => run.Outputs))
        {
            Assert.True(output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, output.Reason.ToString());
        }
    }

    [Fact]
    public void EditingOneToolRegeneratesOnlyThatTool()
    {
        var files = GeneratorHarness.RealCatalog().ToList();
        var compilation = GeneratorHarness.NewCompilation();
        var driver = GeneratorHarness.CreateDriver(files).RunGenerators(compilation);

        var bots = files.Single(file => file.Path.EndsWith("bots.yaml", StringComparison.Ordinal));
        var text = bots.GetText()!.ToString();
        var edited = new InMemoryAdditionalText(bots.Path, text.Replace("summary: One bot with its full configuration.", "summary: One bot, with every setting.", StringComparison.Ordinal));
        Assert.NotEqual(text, edited.GetText().ToString());
        var result = driver.ReplaceAdditionalText(bots, edited).RunGenerators(compilation).GetRunResult().Results[0];

        var parsed = result.TrackedSteps[CatalogGenerator.TrackingNames.ParseFile].SelectMany(run => run.Outputs).ToList();
        Assert.Single(parsed, output => output.Reason == IncrementalStepRunReason.Modified);

        var tools = result.TrackedSteps[CatalogGenerator.TrackingNames.Tools].SelectMany(run => run.Outputs).ToList();
        var modified = Assert.Single(tools, output => output.Reason == IncrementalStepRunReason.Modified);
        Assert.Equal("segnals_get_bot", ((ToolModel)modified.Value).Name);
        Assert.Equal(35, tools.Count(output => output.Reason is IncrementalStepRunReason.Unchanged or IncrementalStepRunReason.Cached));

        // The client and the catalog metadata do not depend on summaries of tool bodies they do not emit.
        Assert.All(result.TrackedSteps[CatalogGenerator.TrackingNames.CatalogInfo].SelectMany(run => run.Outputs), output => Assert.NotEqual(IncrementalStepRunReason.Modified, output.Reason));
    }

    [Fact]
    public void ModelsHoldNoCompilerObjectsOrReferenceEqualCollections()
    {
        var run = GeneratorHarness.Run(GeneratorHarness.RealCatalog()).Result.Results[0];
        var seen = new HashSet<object>(ReferenceEqualityComparer.Instance);
        var checkedValues = 0;
        foreach (var output in TrackedSteps.SelectMany(step => run.TrackedSteps[step]).SelectMany(step => step.Outputs))
        {
            Walk(output.Value, "output", seen);
            checkedValues++;
        }

        Assert.True(checkedValues > 36);
    }

    private static void Walk(object? value, string path, HashSet<object> seen)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum || value is double || value is decimal)
        {
            return;
        }

        var type = value.GetType();
        Assert.False(value is ISymbol or Compilation or SyntaxNode or SyntaxTree or Location or SemanticModel, $"{path} holds a compiler object ({type.Name})");
        if (!type.IsValueType && !seen.Add(value))
        {
            return;
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(EquatableArray<>))
        {
            var index = 0;
            foreach (var item in (IEnumerable)value)
            {
                Walk(item, $"{path}[{index++}]", seen);
            }

            return;
        }

        Assert.False(value is IEnumerable, $"{path} is a {type.Name}: collections in models must be EquatableArray (arrays and lists compare by reference)");
        var isNullableOfEquatable = Nullable.GetUnderlyingType(type) is not null;
        Assert.True(type.Namespace?.StartsWith("Segnals.Catalog.Generator", StringComparison.Ordinal) == true || isNullableOfEquatable, $"{path} is an unexpected type {type.FullName}");
        foreach (var property in type.GetProperties().Where(property => property.GetIndexParameters().Length == 0 && property.Name != "EqualityContract"))
        {
            Walk(property.GetValue(value), path + "." + property.Name, seen);
        }
    }
}
