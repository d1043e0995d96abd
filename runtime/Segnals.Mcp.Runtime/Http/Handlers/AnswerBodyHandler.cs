using System.Buffers;
using System.Net;

namespace Segnals.Mcp.Runtime.Http.Handlers;

/// <summary>
/// Reads each answer's body whole, bounded, inside its attempt (so the attempt's timeout and the caller's cancellation
/// cover the body as they cover the headers), and hands the answer on as a <see cref="BufferedResponseContent"/>: bytes
/// the handlers above and the client's serializer can look at as often as they need without touching the connection
/// again. A declared length over the bound fails at once, an endless body as soon as the bound is passed.
/// </summary>
/// <remarks>
/// One read into one array: HttpContent.LoadIntoBufferAsync(limit) followed by ReadAsByteArrayAsync, as before, copied
/// the body twice more and put one more async layer on every call.
/// </remarks>
internal sealed class AnswerBodyHandler(long maxAnswerBytes) : DelegatingHandler
{
    private const int FirstChunk = 16 * 1024;

    private const int LargestPooled = 1024 * 1024;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        try
        {
            var original = response.Content;
            var bytes = CarriesNoBody(request, response) ? [] : await ReadBoundedAsync(original, cancellationToken).ConfigureAwait(false);
            response.Content = BufferedResponseContent.From(bytes);
            original.Dispose();
            return response;
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    /// <summary>
    /// HTTP's answers without a body, whatever Content-Length they state (a HEAD answer states the length a GET's body
    /// would have): there is nothing to wait for, and reading the stated length would fail.
    /// </summary>
    private static bool CarriesNoBody(HttpRequestMessage request, HttpResponseMessage response) =>
        request.Method == HttpMethod.Head || response.StatusCode is HttpStatusCode.NoContent or HttpStatusCode.NotModified;

    private async Task<byte[]> ReadBoundedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        var declared = content.Headers.ContentLength;
        if (declared > maxAnswerBytes)
        {
            throw new AnswerTooLargeException(maxAnswerBytes);
        }

        try
        {
            await using var body = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            if (declared is { } length)
            {
                var exact = new byte[length];
                await body.ReadExactlyAsync(exact, cancellationToken).ConfigureAwait(false);
                return exact;
            }

            return await ReadUndeclaredAsync(body, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException cutOff)
        {
            // The shape HttpClient gives a body that broke off while it buffered one, which the error sentences expect.
            throw new HttpRequestException(HttpRequestError.ResponseEnded, "Error while copying content to a stream.", cutOff);
        }
    }

    /// <summary>
    /// A chunked or decompressed body: read into a growing buffer, then copied once into an array of its size. Buffers
    /// up to <see cref="LargestPooled"/> come from the shared pool; a larger one (only an answer far above any Segnals
    /// answer gets there) is allocated and left to the GC, so one oversized answer does not stay held by the pool.
    /// </summary>
    private async Task<byte[]> ReadUndeclaredAsync(Stream body, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(FirstChunk);
        var pooled = true;
        var count = 0;
        try
        {
            while (true)
            {
                if (count == buffer.Length)
                {
                    var size = (int)Math.Min((long)buffer.Length * 2, maxAnswerBytes + 1);
                    var larger = size <= LargestPooled ? ArrayPool<byte>.Shared.Rent(size) : new byte[size];
                    buffer.AsSpan(0, count).CopyTo(larger);
                    if (pooled)
                    {
                        ArrayPool<byte>.Shared.Return(buffer);
                    }

                    (buffer, pooled) = (larger, size <= LargestPooled);
                }

                var read = await body.ReadAsync(buffer.AsMemory(count), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    return buffer.AsSpan(0, count).ToArray();
                }

                count += read;
                if (count > maxAnswerBytes)
                {
                    throw new AnswerTooLargeException(maxAnswerBytes);
                }
            }
        }
        finally
        {
            if (pooled)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }
}
