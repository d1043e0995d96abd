using System.Net;

namespace Segnals.Mcp.Runtime.Http;

/// <summary>
/// An answer body read whole (and bounded) within its attempt's timeout, so the handlers above can look
/// at it as often as they need without touching the connection again. A UTF-8 byte order mark is dropped,
/// and a body of only whitespace counts as empty, so the client reads it as "no body" (an Undefined element).
/// </summary>
internal sealed class BufferedResponseContent : ByteArrayContent
{
    private BufferedResponseContent(byte[] bytes, int offset, int count)
        : base(bytes, offset, count)
    {
        Body = new ReadOnlyMemory<byte>(bytes, offset, count);
    }

    /// <summary>The body as received, without a byte order mark; empty when there was none.</summary>
    public ReadOnlyMemory<byte> Body { get; }

    public static BufferedResponseContent From(byte[] bytes, HttpContent? original)
    {
        var body = bytes.AsSpan();
        var offset = body.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? 3 : 0;
        var count = body[offset..].Trim(" \t\r\n"u8).IsEmpty ? 0 : bytes.Length - offset;
        var content = new BufferedResponseContent(bytes, offset, count);
        if (original is not null)
        {
            foreach (var header in original.Headers)
            {
                // Our own length and encoding describe the bytes we hold, not the ones that came over the wire.
                if (!header.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase) &&
                    !header.Key.Equals("Content-Encoding", StringComparison.OrdinalIgnoreCase))
                {
                    content.Headers.TryAddWithoutValidation(header.Key, header.Value);
                }
            }
        }

        return content;
    }

    /// <summary>The buffered body of a response that went through <see cref="Handlers.AnswerBodyHandler"/>.</summary>
    public static ReadOnlyMemory<byte> Of(HttpResponseMessage response) =>
        response.Content is BufferedResponseContent buffered ? buffered.Body : ReadOnlyMemory<byte>.Empty;

    /// <summary>True for 2xx answers whose body is JSON or empty: the only ones handed to the client.</summary>
    public static bool IsUsableSuccess(HttpResponseMessage response) =>
        response.StatusCode is >= HttpStatusCode.OK and <= (HttpStatusCode)299 && ResponseJson.IsJsonOrEmpty(Of(response));
}
