using System.Text.Json;

namespace Segnals.Mcp.Runtime.Http;

/// <summary>Parses a response body into an owned element: empty means Undefined, anything unparsable is reported.</summary>
internal static class ResponseJson
{
    private static ReadOnlySpan<byte> Utf8ByteOrderMark => [0xEF, 0xBB, 0xBF];

    /// <returns>False when the body is not empty and not JSON; <paramref name="body"/> is then Undefined.</returns>
    public static bool TryParse(ReadOnlyMemory<byte> content, out JsonElement body)
    {
        body = default;
        if (content.Span.StartsWith(Utf8ByteOrderMark))
        {
            content = content[Utf8ByteOrderMark.Length..];
        }

        if (content.Span.Trim(" \t\r\n"u8).IsEmpty)
        {
            return true;
        }

        try
        {
            using var document = JsonDocument.Parse(content);
            body = document.RootElement.Clone();
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
