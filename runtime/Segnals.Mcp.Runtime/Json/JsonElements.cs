using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Segnals.Mcp.Runtime.Json;

/// <summary>Converts built JSON nodes into owned JsonElements without reflection-based serialization.</summary>
public static class JsonElements
{
    // The model reads this JSON as text: quotes stay \" and accents, dashes and symbols stay themselves,
    // where the default HTML-safe encoder writes \u0022 and \u2014. The text is never embedded in HTML.
    private static readonly JsonSerializerOptions ReadableNodes = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly JsonWriterOptions ReadableCompact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, Indented = false };

    public static JsonElement From(JsonNode? node)
    {
        using var document = JsonDocument.Parse(node?.ToJsonString(ReadableNodes) ?? "null");
        return document.RootElement.Clone();
    }

    public static JsonNode? ToNode(JsonElement element) =>
        element.ValueKind == JsonValueKind.Undefined ? null : JsonNode.Parse(element.GetRawText());

    /// <summary>The element as compact, readable JSON text, whatever whitespace or escaping the API sent it with.</summary>
    public static string ToCompactText(JsonElement element)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, ReadableCompact))
        {
            element.WriteTo(writer);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
