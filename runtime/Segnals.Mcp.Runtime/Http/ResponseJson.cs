using System.Text.Json;

namespace Segnals.Mcp.Runtime.Http;

/// <summary>Reads a response body: empty means Undefined, anything unparsable is reported.</summary>
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

    /// <summary>
    /// Whether the body is one JSON value (or empty), checked without building a document: a success body is
    /// then deserialized once, by the client, and this check only walks its tokens.
    /// </summary>
    public static bool IsJsonOrEmpty(ReadOnlyMemory<byte> content)
    {
        if (content.Span.Trim(" \t\r\n"u8).IsEmpty)
        {
            return true;
        }

        try
        {
            var reader = new Utf8JsonReader(content.Span);
            while (reader.Read())
            {
            }

            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
