using System.Buffers;
using System.Text.Json;
using ModelContextProtocol.Protocol;
using Segnals.Mcp.Runtime.Catalog;
using Segnals.Mcp.Runtime.Configuration;

namespace Segnals.Mcp.Runtime.Tools;

/// <summary>Turns a descriptor into the MCP tool definition sent in tools/list (schemas are precomputed JSON).</summary>
internal static class ProtocolToolFactory
{
    public static Tool Create(ToolDescriptor descriptor, ToolListing listing) => new()
    {
        Name = descriptor.Name,
        Title = descriptor.Title,
        // Two-step tools are recognisable by their confirm parameter and say so in every preview; the
        // server instructions explain the flow once instead of a sentence repeated in ten descriptions.
        Description = descriptor.Summary,
        InputSchema = listing == ToolListing.Full ? Parse(descriptor.InputSchemaJson) : OpenAtTopLevel(descriptor.InputSchemaJson),
        // Output schemas describe results for the client, which the model does not read; results keep their
        // structuredContent either way.
        OutputSchema = descriptor.OutputSchemaJson is null || listing == ToolListing.Compact ? null : Parse(descriptor.OutputSchemaJson),
        Annotations = listing == ToolListing.Full ? AllHints(descriptor.Hints) : NeededHints(descriptor.Hints),
    };

    private static ToolAnnotations AllHints(ToolHints hints) => new()
    {
        ReadOnlyHint = hints.ReadOnly,
        DestructiveHint = hints.Destructive,
        IdempotentHint = hints.Idempotent,
        OpenWorldHint = hints.OpenWorld,
    };

    /// <summary>
    /// The hints a client cannot infer. MCP gives each hint a default (not read-only, destructive, not
    /// idempotent, open world) and ignores destructive and idempotent on read-only tools, so a hint equal
    /// to what the client assumes anyway is left out. One exception: a tool that changes something always
    /// states destructiveHint, because a client that tests the field for truth would take a missing one as
    /// "not destructive" — the one misreading that could cost a user something.
    /// </summary>
    private static ToolAnnotations NeededHints(ToolHints hints) => new()
    {
        ReadOnlyHint = hints.ReadOnly ? true : null,
        DestructiveHint = hints.ReadOnly ? null : hints.Destructive,
        IdempotentHint = !hints.ReadOnly && hints.Idempotent ? true : null,
        OpenWorldHint = hints.OpenWorld ? null : false,
    };

    /// <summary>
    /// The input schema without its top-level additionalProperties (28 bytes on every tool). A tool still
    /// refuses, by name and before any call, an argument it does not take. A nested object keeps its
    /// own: there the closed key set is the information, and it costs one tool a few bytes.
    /// </summary>
    private static JsonElement OpenAtTopLevel(string json)
    {
        using var document = JsonDocument.Parse(json);
        var buffer = new ArrayBufferWriter<byte>(json.Length);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var keyword in document.RootElement.EnumerateObject())
            {
                if (!keyword.NameEquals("additionalProperties"))
                {
                    keyword.WriteTo(writer);
                }
            }

            writer.WriteEndObject();
        }

        using var open = JsonDocument.Parse(buffer.WrittenMemory);
        return open.RootElement.Clone();
    }

    private static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
