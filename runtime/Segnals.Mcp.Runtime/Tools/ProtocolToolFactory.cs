using System.Text.Json;
using ModelContextProtocol.Protocol;
using Segnals.Mcp.Runtime.Catalog;

namespace Segnals.Mcp.Runtime.Tools;

/// <summary>Turns a descriptor into the MCP tool definition sent in tools/list (schemas are precomputed JSON).</summary>
internal static class ProtocolToolFactory
{
    public static Tool Create(ToolDescriptor descriptor) => new()
    {
        Name = descriptor.Name,
        Title = descriptor.Title,
        // Two-step tools are recognisable by their confirm parameter and say so in every preview; the
        // server instructions explain the flow once instead of a sentence repeated in ten descriptions.
        Description = descriptor.Summary,
        InputSchema = Parse(descriptor.InputSchemaJson),
        OutputSchema = descriptor.OutputSchemaJson is null ? null : Parse(descriptor.OutputSchemaJson),
        Annotations = new ToolAnnotations
        {
            ReadOnlyHint = descriptor.Hints.ReadOnly,
            DestructiveHint = descriptor.Hints.Destructive,
            IdempotentHint = descriptor.Hints.Idempotent,
            OpenWorldHint = descriptor.Hints.OpenWorld,
        },
    };

    private static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
