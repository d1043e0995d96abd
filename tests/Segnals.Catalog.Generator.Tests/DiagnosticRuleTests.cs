using Microsoft.CodeAnalysis;
using Segnals.Catalog.Generator.Tests.Infrastructure;
using Xunit;

namespace Segnals.Catalog.Generator.Tests;

/// <summary>
/// One test per catalog rule: a fixture breaks exactly that rule, and the build reports exactly one
/// error with the rule's id at the YAML file, line and column (one-based, as editors show them).
/// </summary>
public sealed class DiagnosticRuleTests
{
    private const string Head = "group: things\ntools:\n";

    /// <summary>A read tool on lines 3–8 (3 name, 6 kind, 7 scope, 8 endpoint); extra lines start at 9.</summary>
    private static string Tool(
        string extra = "",
        string name = "demo_x",
        string kind = "read",
        string scope = "\"read:things\"",
        string summary = "Does x.",
        string? endpoint = "{ method: GET, path: /x }") =>
        Head +
        $"  - name: {name}\n" +
        "    title: X\n" +
        $"    summary: {summary}\n" +
        $"    kind: {kind}\n" +
        $"    scope: {scope}\n" +
        (endpoint is null ? string.Empty : $"    endpoint: {endpoint}\n") +
        extra;

    private static Diagnostic Single(string? group = null, string? service = null)
    {
        var run = GeneratorHarness.Run(FixtureCatalog.With(service, group));
        return Assert.Single(run.Diagnostics);
    }

    private static void AssertAt(Diagnostic diagnostic, string id, string path, int line, int column)
    {
        var span = diagnostic.Location.GetLineSpan();
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal(path, span.Path);
        Assert.Equal((line, column), (span.StartLinePosition.Line + 1, span.StartLinePosition.Character + 1));
    }

    [Fact]
    public void FixtureCatalogIsClean() => Assert.Empty(GeneratorHarness.Run(FixtureCatalog.With()).Diagnostics);

    [Fact]
    public void Cat001YamlSyntaxError()
    {
        var diagnostic = Single(Head + "  - name: demo_x\n    title: X\n      summary: over-indented\n");
        Assert.True(diagnostic.Id == "CAT001", diagnostic.ToString());
        Assert.Equal(FixtureCatalog.GroupPath, diagnostic.Location.GetLineSpan().Path);
        Assert.True(diagnostic.Location.GetLineSpan().StartLinePosition.Line + 1 == 5, diagnostic.GetMessage());
        Assert.Equal(14, diagnostic.Location.GetLineSpan().StartLinePosition.Character + 1);
    }

    [Fact]
    public void Cat001UnreadableFlowCollectionIsReportedNotACrash()
    {
        // YamlDotNet throws a position-less exception for this input; the build must still say why.
        var diagnostic = Single(Head + "  - name: demo_x\n    title: [X, Y\n    summary: broken\n");
        AssertAt(diagnostic, "CAT001", FixtureCatalog.GroupPath, 1, 1);
    }

    [Fact]
    public void Cat002UnknownField()
    {
        var diagnostic = Single(Tool("    colour: red\n"));
        AssertAt(diagnostic, "CAT002", FixtureCatalog.GroupPath, 9, 5);
        Assert.Contains("'colour'", diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void Cat003DuplicateToolName() =>
        AssertAt(Single(Tool() + Tool()[Head.Length..]), "CAT003", FixtureCatalog.GroupPath, 9, 11);

    [Fact]
    public void Cat004InvalidToolName() =>
        AssertAt(Single(Tool(name: "Demo-X")), "CAT004", FixtureCatalog.GroupPath, 3, 11);

    [Fact]
    public void Cat005MissingSummary() =>
        AssertAt(Single(Tool(summary: "\"\"")), "CAT005", FixtureCatalog.GroupPath, 5, 14);

    [Fact]
    public void Cat005SummaryTooLong()
    {
        var diagnostic = Single(Tool(summary: new string('a', 301)));
        AssertAt(diagnostic, "CAT005", FixtureCatalog.GroupPath, 5, 14);
        Assert.Contains("301", diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void Cat006UnknownScope() =>
        AssertAt(Single(Tool(scope: "\"read:nothing\"")), "CAT006", FixtureCatalog.GroupPath, 7, 12);

    [Fact]
    public void Cat007UnknownGroup() =>
        AssertAt(Single(Tool().Replace("group: things", "group: stuff", StringComparison.Ordinal)), "CAT007", FixtureCatalog.GroupPath, 1, 8);

    [Fact]
    public void Cat008PlaceholderWithoutParameter() =>
        AssertAt(Single(Tool(endpoint: "{ method: GET, path: \"/x/{id}\" }")), "CAT008", FixtureCatalog.GroupPath, 8, 36);

    [Fact]
    public void Cat009PathParameterNotInPath() =>
        AssertAt(
            Single(Tool("    parameters:\n      - { name: id, type: integer, in: path, description: Id. }\n")),
            "CAT009", FixtureCatalog.GroupPath, 10, 40);

    [Fact]
    public void Cat010WriteToolWithoutConfirmationDecision() =>
        AssertAt(Single(Tool(kind: "write", scope: "\"write:things\"", endpoint: "{ method: POST, path: /x }")), "CAT010", FixtureCatalog.GroupPath, 6, 11);

    [Fact]
    public void Cat011DestructiveToolWithoutConfirmation() =>
        AssertAt(
            Single(Tool("    confirm: false\n", kind: "control", scope: "\"write:things\"", endpoint: "{ method: DELETE, path: /x }")),
            "CAT011", FixtureCatalog.GroupPath, 3, 11);

    [Fact]
    public void Cat012ReadToolWithNonGetEndpoint() =>
        AssertAt(Single(Tool(endpoint: "{ method: POST, path: /x }")), "CAT012", FixtureCatalog.GroupPath, 8, 25);

    [Fact]
    public void Cat013EndpointUnderBannedPath() =>
        AssertAt(Single(Tool(endpoint: "{ method: GET, path: /Admin/users }")), "CAT013", FixtureCatalog.GroupPath, 8, 36);

    [Fact]
    public void Cat014EmptyEnum() =>
        AssertAt(
            Single(Tool("    parameters:\n      - { name: c, type: string, enum: [], description: C. }\n")),
            "CAT014", FixtureCatalog.GroupPath, 10, 40);

    [Fact]
    public void Cat015MinGreaterThanMax() =>
        AssertAt(
            Single(Tool("    parameters:\n      - { name: n, type: integer, min: 5, max: 1, description: N. }\n")),
            "CAT015", FixtureCatalog.GroupPath, 10, 48);

    [Fact]
    public void Cat016PreviewTemplateNamesUnknownField()
    {
        var diagnostic = Single(Tool(
            "    confirm: true\n    preview:\n      text: Do {nope}.\n",
            kind: "write",
            scope: "\"write:things\"",
            endpoint: "{ method: POST, path: /x }"));
        AssertAt(diagnostic, "CAT016", FixtureCatalog.GroupPath, 11, 13);
        Assert.Contains("{nope}", diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void Cat017MissingRequiredField() =>
        AssertAt(Single(Tool("    parameters:\n      - { name: c, description: C. }\n")), "CAT017", FixtureCatalog.GroupPath, 10, 9);

    [Fact]
    public void Cat018InvalidValue() =>
        AssertAt(Single(Tool(kind: "sometimes")), "CAT018", FixtureCatalog.GroupPath, 6, 11);

    [Fact]
    public void Cat019NoServiceFile()
    {
        var run = GeneratorHarness.Run([new InMemoryAdditionalText(FixtureCatalog.GroupPath, FixtureCatalog.Group)]);
        AssertAt(Assert.Single(run.Diagnostics), "CAT019", FixtureCatalog.GroupPath, 1, 1);
    }

    [Fact]
    public void Cat020UnknownCallTarget() =>
        AssertAt(Single(Tool("    enrich:\n      - { call: nowhere, as: x }\n")), "CAT020", FixtureCatalog.GroupPath, 10, 17);

    [Fact]
    public void Cat021EndpointAndAnswerTogether() =>
        AssertAt(Single(Tool("    answer: disclaimer\n")), "CAT021", FixtureCatalog.GroupPath, 3, 11);

    [Fact]
    public void Cat022ConfirmationWithoutPreview() =>
        AssertAt(
            Single(Tool("    confirm: true\n", kind: "write", scope: "\"write:things\"", endpoint: "{ method: POST, path: /x }")),
            "CAT022", FixtureCatalog.GroupPath, 9, 14);

    [Fact]
    public void Cat023CallArgumentDoesNotFit() =>
        AssertAt(Single(Tool("    enrich:\n      - { call: health, args: { id: \"1\" }, as: h }\n")), "CAT023", FixtureCatalog.GroupPath, 10, 37);

    [Fact]
    public void Cat024DuplicateParameter() =>
        AssertAt(
            Single(Tool("    parameters:\n      - { name: c, type: string, description: C. }\n      - { name: c, type: string, description: C. }\n")),
            "CAT024", FixtureCatalog.GroupPath, 11, 17);

    [Fact]
    public void Cat025UnknownParameterReference() =>
        AssertAt(
            Single(Tool("    parameters:\n      - { name: c, type: string, description: C. }\n    require_one_of: [c, z]\n")),
            "CAT025", FixtureCatalog.GroupPath, 11, 21);

    [Fact]
    public void Cat026UnknownAnswer() =>
        AssertAt(Single(Tool("    answer: nothing\n", endpoint: null)), "CAT026", FixtureCatalog.GroupPath, 8, 13);

    [Fact]
    public void Cat027ConstraintDoesNotFitType() =>
        AssertAt(
            Single(Tool("    parameters:\n      - { name: c, type: boolean, min: 1, description: C. }\n")),
            "CAT027", FixtureCatalog.GroupPath, 10, 9);

    [Fact]
    public void Cat027ConstraintOfAFieldInsideAnObjectIsReportedAtThatField() =>
        AssertAt(
            Single(Tool("    parameters:\n      - name: c\n        type: object\n        properties:\n          flag: { type: boolean, max: 3 }\n")),
            "CAT027", FixtureCatalog.GroupPath, 13, 17);

    [Fact]
    public void Cat017ListFieldWithoutItems() =>
        AssertAt(
            Single(Tool("    parameters:\n      - name: c\n        type: object\n        properties:\n          alerts: { type: array, max_items: 3 }\n")),
            "CAT017", FixtureCatalog.GroupPath, 13, 19);

    [Fact]
    public void Cat028DuplicateName()
    {
        var service = FixtureCatalog.Service.Replace("{ name: \"write:things\", description: Change things. }", "{ name: \"read:things\", description: Again. }", StringComparison.Ordinal);
        var run = GeneratorHarness.Run(FixtureCatalog.With(service, Tool()));
        AssertAt(Assert.Single(run.Diagnostics), "CAT028", FixtureCatalog.ServicePath, 11, 5);
    }

    [Fact]
    public void EveryRuleIsDocumented()
    {
        var document = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "docs", "DIAGNOSTICS.md"));
        foreach (var descriptor in Segnals.Catalog.Generator.Diagnostics.CatalogDiagnostics.All)
        {
            Assert.Contains("| " + descriptor.Id + " |", document, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void ACatalogWithErrorsFailsTheBuildAndEmitsNothing()
    {
        var run = GeneratorHarness.Run(FixtureCatalog.With(group: Tool(kind: "sometimes")));
        Assert.Contains(run.Diagnostics, diagnostic => diagnostic.Severity == DiagnosticSeverity.Error);
        Assert.Empty(run.Sources);
    }
}
