namespace Segnals.Mcp.Runtime.Http.Handlers;

/// <summary>
/// Reads each answer body whole, within the attempt (so its timeout covers the body) and never past
/// <see cref="ApiClientOptions.MaxResponseBytes"/>, then frees the connection. What is above sees a
/// <see cref="BufferedResponseContent"/> it can read any number of times.
/// </summary>
internal sealed class ResponseBufferingHandler(int maxBytes, ApiErrorTranslator errors) : DelegatingHandler
{
    private const int FirstBufferBytes = 16 * 1024;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        try
        {
            var original = response.Content;
            var (bytes, length) = await ReadBoundedAsync(original, cancellationToken).ConfigureAwait(false);
            response.Content = BufferedResponseContent.From(bytes, length, original);
            original?.Dispose();
            return response;
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    private async Task<(byte[] Bytes, int Length)> ReadBoundedAsync(HttpContent? content, CancellationToken cancellationToken)
    {
        if (content is null)
        {
            return ([], 0);
        }

        if (content.Headers.ContentLength > maxBytes)
        {
            throw errors.TooLarge(maxBytes);
        }

        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var buffer = new byte[(int)Math.Min(content.Headers.ContentLength ?? FirstBufferBytes, maxBytes) + 1];
            var length = 0;
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (buffer.Length > maxBytes)
                    {
                        throw errors.TooLarge(maxBytes);
                    }

                    Array.Resize(ref buffer, (int)Math.Min((long)buffer.Length * 2, maxBytes + 1L));
                }

                var read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    return (buffer, length);
                }

                length += read;
            }
        }
    }
}
