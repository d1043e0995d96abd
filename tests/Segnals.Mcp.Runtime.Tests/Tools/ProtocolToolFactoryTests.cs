using System.Text.Json;
using ModelContextProtocol.Protocol;
using Segnals.Mcp.Runtime.Catalog;
using Segnals.Mcp.Runtime.Configuration;
using Segnals.Mcp.Runtime.Tools;

namespace Segnals.Mcp.Runtime.Tests.Tools;

public sealed class ProtocolToolFactoryTests
{
    private const string InputSchema =
        """{"type":"object","properties":{"bot_id":{"type":"integer","minimum":1},"preferences":{"type":"object","properties":{"daily_report":{}},"additionalProperties":false}},"required":["bot_id"],"additionalProperties":false}""";

    private const string OutputSchema = """{"type":"object","properties":{"total":{"type":"integer"}},"required":["total"]}""";

    // Every combination the catalog's kinds produce, plus the two rarer ones (closed world, destructive).
    // The SDK writes the hints in alphabetical order.
    public static TheoryData<string, ToolHints, string> Hints => new()
    {
        { "read", new ToolHints(ReadOnly: true, Destructive: false, Idempotent: true, OpenWorld: true), """{"readOnlyHint":true}""" },
        { "read from the catalog", new ToolHints(ReadOnly: true, Destructive: false, Idempotent: true, OpenWorld: false), """{"openWorldHint":false,"readOnlyHint":true}""" },
        { "write", new ToolHints(ReadOnly: false, Destructive: false, Idempotent: false, OpenWorld: true), """{"destructiveHint":false}""" },
        { "idempotent write", new ToolHints(ReadOnly: false, Destructive: false, Idempotent: true, OpenWorld: true), """{"destructiveHint":false,"idempotentHint":true}""" },
        { "delete", new ToolHints(ReadOnly: false, Destructive: true, Idempotent: true, OpenWorld: true), """{"destructiveHint":true,"idempotentHint":true}""" },
        { "destructive, not idempotent", new ToolHints(ReadOnly: false, Destructive: true, Idempotent: false, OpenWorld: true), """{"destructiveHint":true}""" },
    };

    [Theory]
    [MemberData(nameof(Hints))]
    public void The_full_listing_states_all_four_hints_a_closed_schema_and_the_output_schema(string kind, ToolHints hints, string compactHints)
    {
        var tool = ProtocolToolFactory.Create(Descriptor(hints), ToolListing.Full);

        var expected = $$"""{"destructiveHint":{{Bool(hints.Destructive)}},"idempotentHint":{{Bool(hints.Idempotent)}},"openWorldHint":{{Bool(hints.OpenWorld)}},"readOnlyHint":{{Bool(hints.ReadOnly)}}}""";
        Assert.True(expected == Annotations(tool), $"{kind}: {Annotations(tool)} (compact would be {compactHints})");
        Assert.Equal(InputSchema, tool.InputSchema.GetRawText());
        Assert.Equal(OutputSchema, tool.OutputSchema?.GetRawText());
        Assert.Equal("Total", tool.Title);
    }

    [Theory]
    [MemberData(nameof(Hints))]
    public void The_compact_listing_states_only_the_hints_a_client_cannot_assume(string kind, ToolHints hints, string compactHints)
    {
        var tool = ProtocolToolFactory.Create(Descriptor(hints), ToolListing.Compact);

        Assert.True(compactHints == Annotations(tool), $"{kind}: {Annotations(tool)}");
        Assert.Equal("Total", tool.Title);
        Assert.Null(tool.OutputSchema);
    }

    [Fact]
    public void The_compact_input_schema_opens_only_the_top_level()
    {
        var tool = ProtocolToolFactory.Create(Descriptor(new ToolHints(true, false, true, true)), ToolListing.Compact);

        Assert.Equal(
            """{"type":"object","properties":{"bot_id":{"type":"integer","minimum":1},"preferences":{"type":"object","properties":{"daily_report":{}},"additionalProperties":false}},"required":["bot_id"]}""",
            tool.InputSchema.GetRawText());
    }

    private static ToolDescriptor Descriptor(ToolHints hints) => new()
    {
        Name = "segnals_total",
        Title = "Total",
        Summary = "A total.",
        Group = "stats",
        Kind = hints.ReadOnly ? ToolKind.Read : ToolKind.Write,
        Scope = null,
        RequiresConfirmation = false,
        Hints = hints,
        Method = "GET",
        PathTemplate = "/total",
        Answer = null,
        ParameterNames = ["bot_id", "preferences"],
        GuardedParameters = [],
        InputSchemaJson = InputSchema,
        OutputSchemaJson = OutputSchema,
    };

    private static string Annotations(Tool tool) =>
        JsonSerializer.Serialize(tool.Annotations, ModelContextProtocol.McpJsonUtilities.DefaultOptions);

    private static string Bool(bool value) => value ? "true" : "false";
}
