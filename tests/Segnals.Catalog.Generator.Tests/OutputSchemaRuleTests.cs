using Microsoft.CodeAnalysis;
using Segnals.Catalog.Generator.Tests.Infrastructure;
using Xunit;

namespace Segnals.Catalog.Generator.Tests;

/// <summary>
/// A tool's output_schema is checked keyword by keyword: what the catalog's schemas need is accepted and
/// emitted as written; a malformed schema fails the build at the YAML line of the mistake.
/// </summary>
public sealed class OutputSchemaRuleTests
{
    /// <summary>A read tool whose output_schema starts on line 9; its keywords follow from line 10.</summary>
    private static string ToolWithSchema(string schemaLines) =>
        "group: things\ntools:\n" +
        "  - name: demo_x\n" +
        "    title: X\n" +
        "    summary: Does x.\n" +
        "    kind: read\n" +
        "    scope: \"read:things\"\n" +
        "    endpoint: { method: GET, path: /x }\n" +
        "    output_schema:\n" +
        schemaLines;

    private static GeneratorRun Run(string schemaLines) => GeneratorHarness.Run(FixtureCatalog.With(group: ToolWithSchema(schemaLines)));

    private static Diagnostic Single(string schemaLines) => Assert.Single(Run(schemaLines).Diagnostics);

    private static void AssertAt(Diagnostic diagnostic, string id, int line, int column, string messagePart)
    {
        var span = diagnostic.Location.GetLineSpan();
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(FixtureCatalog.GroupPath, span.Path);
        Assert.Equal((line, column), (span.StartLinePosition.Line + 1, span.StartLinePosition.Character + 1));
        Assert.Contains(messagePart, diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_keyword_the_catalog_uses_is_accepted_and_emitted_as_json()
    {
        var run = Run(
            "      type: object\n" +
            "      allOf:\n" +
            "        - &account\n" +
            "          type: object\n" +
            "          properties: { id: { type: integer, minimum: 1 } }\n" +
            "          required: [id]\n" +
            "      properties:\n" +
            "        owner: *account\n" +
            "        ends_at: { type: [string, \"null\"], description: When it ends. }\n" +
            "        label: { enum: [bearish, neutral, bullish, null] }\n" +
            "        score: { type: number, minimum: -1, maximum: 1 }\n" +
            "        tags: { type: array, items: { type: string } }\n" +
            "        config: { type: object, additionalProperties: { type: number } }\n" +
            "        extra: { type: object, additionalProperties: true }\n" +
            "        anything: {}\n" +
            "      required: [owner, label]\n");

        Assert.Empty(run.Diagnostics);
        var tool = run.Sources.Single(source => source.Key.Contains("DemoX", StringComparison.Ordinal)).Value;
        Assert.Contains(
            """OutputSchemaJson = "{\"type\":\"object\",\"allOf\":[{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"integer\",\"minimum\":1}},\"required\":[\"id\"]}],\"properties\":{\"owner\":{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"integer\",\"minimum\":1}},\"required\":[\"id\"]},\"ends_at\":{\"type\":[\"string\",\"null\"],\"description\":\"When it ends.\"},\"label\":{\"enum\":[\"bearish\",\"neutral\",\"bullish\",null]},\"score\":{\"type\":\"number\",\"minimum\":-1,\"maximum\":1},\"tags\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}},\"config\":{\"type\":\"object\",\"additionalProperties\":{\"type\":\"number\"}},\"extra\":{\"type\":\"object\",\"additionalProperties\":true},\"anything\":{}},\"required\":[\"owner\",\"label\"]}",""",
            tool,
            StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_keyword_is_reported_at_its_line() =>
        AssertAt(
            Single("      type: object\n      properties:\n        ends_at: { type: string, nullable: true }\n"),
            "CAT002", 12, 34, "'nullable' in tool 'demo_x' output schema");

    [Fact]
    public void A_misspelt_type_is_reported_at_its_line() =>
        AssertAt(
            Single("      type: object\n      properties:\n        total: { type: integr }\n"),
            "CAT018", 12, 24, "'integr'; expected one of object, array, string, number, integer, boolean, null");

    [Fact]
    public void A_plain_null_in_a_type_list_is_reported_with_the_fix() =>
        AssertAt(
            Single("      type: object\n      properties:\n        ends_at: { type: [string, null] }\n"),
            "CAT018", 12, 35, "quote \"null\"");

    [Fact]
    public void A_schema_that_is_not_an_object_at_the_top_is_refused() =>
        AssertAt(Single("      type: array\n      items: { type: string }\n"), "CAT018", 10, 13, "expected object");

    [Fact]
    public void A_schema_without_a_type_at_the_top_is_refused() =>
        AssertAt(Single("      properties: { total: { type: integer } }\n"), "CAT017", 10, 7, "output schema is missing required field 'type'");

    [Fact]
    public void Requiring_a_property_the_schema_does_not_declare_is_refused() =>
        AssertAt(
            Single("      type: object\n      properties: { total: { type: integer } }\n      required: [total, count]\n"),
            "CAT018", 12, 25, "'count'; expected a property declared under 'properties'");

    [Fact]
    public void A_closed_object_is_refused_because_the_api_may_add_fields() =>
        AssertAt(
            Single("      type: object\n      properties:\n        bot:\n          type: object\n          additionalProperties: false\n"),
            "CAT018", 14, 33, "output schemas stay open");

    [Fact]
    public void A_property_that_is_not_a_schema_is_refused() =>
        AssertAt(Single("      type: object\n      properties: { total: integer }\n"), "CAT018", 11, 28, "'integer'; expected a mapping");

    [Fact]
    public void An_empty_enum_is_refused() =>
        AssertAt(Single("      type: object\n      properties: { label: { enum: [] } }\n"), "CAT018", 11, 36, "at least one value");
}
