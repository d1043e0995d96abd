using System.Net;
using System.Text.Json;

namespace Segnals.Mcp.Runtime.Http;

/// <summary>
/// An answer body read whole (and bounded) within its attempt's timeout, so the handlers above can look
/// at it as often as they need without touching the connection again. A UTF-8 byte order mark is dropped,
/// and a body of only whitespace counts as empty, so the client reads it as "no body" (an Undefined element).
/// The body is parsed as JSON once, the first time anyone asks: the check that lets a success through and the
/// client that reads it share that one parse.
/// </summary>
/// <remarks>
/// The wire's content headers are not carried over: nothing above reads them, their length and encoding described
/// the bytes on the wire rather than these, and copying them cost a header enumeration and its strings on every call.
/// </remarks>
internal sealed class BufferedResponseContent : ByteArrayContent
{
    /// <summary>The body as received, without a byte order mark; empty when there was none.</summary>
    private readonly ReadOnlyMemory<byte> _body;
    private bool _parsed;
    private bool _isJson;
    private JsonElement _json;

    private BufferedResponseContent(byte[] bytes, int offset, int count)
        : base(bytes, offset, count)
    {
        _body = new ReadOnlyMemory<byte>(bytes, offset, count);
    }

    public static BufferedResponseContent From(byte[] bytes)
    {
        var body = bytes.AsSpan();
        var offset = body.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? 3 : 0;
        var count = body[offset..].Trim(" \t\r\n"u8).IsEmpty ? 0 : bytes.Length - offset;
        return new BufferedResponseContent(bytes, offset, count);
    }

    /// <summary>
    /// The answer's body as one JSON value (Undefined when empty, or when the answer was never buffered); false when
    /// the body is not one JSON value, and <paramref name="json"/> is then Undefined.
    /// </summary>
    public static bool TryReadJson(HttpResponseMessage response, out JsonElement json)
    {
        if (response.Content is not BufferedResponseContent buffered)
        {
            json = default;
            return true;
        }

        if (!buffered._parsed)
        {
            buffered._isJson = TryParse(buffered._body.Span, out buffered._json);
            buffered._parsed = true;
        }

        json = buffered._json;
        return buffered._isJson;
    }

    /// <summary>True for 2xx answers whose body is JSON or empty: the only ones handed to the client.</summary>
    public static bool IsUsableSuccess(HttpResponseMessage response) =>
        response.StatusCode is >= HttpStatusCode.OK and <= (HttpStatusCode)299 && TryReadJson(response, out _);

    private static bool TryParse(ReadOnlySpan<byte> body, out JsonElement json)
    {
        json = default;
        if (body.IsEmpty)
        {
            return true;
        }

        try
        {
            var reader = new Utf8JsonReader(body);
            var value = JsonElement.ParseValue(ref reader);

            // ParseValue stops after the first value; one more read throws on anything but whitespace after it.
            if (reader.Read())
            {
                return false;
            }

            json = value;
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
