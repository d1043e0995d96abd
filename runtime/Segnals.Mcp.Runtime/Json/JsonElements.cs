using System.Text.Json;
using System.Text.Json.Nodes;

namespace Segnals.Mcp.Runtime.Json;

/// <summary>Converts built JSON nodes into owned JsonElements without reflection-based serialization.</summary>
public static class JsonElements
{
    public static JsonElement From(JsonNode? node)
    {
        using var document = JsonDocument.Parse(node?.ToJsonString() ?? "null");
        return document.RootElement.Clone();
    }

    public static JsonNode? ToNode(JsonElement element) =>
        element.ValueKind == JsonValueKind.Undefined ? null : JsonNode.Parse(element.GetRawText());
}
