namespace Segnals.Mcp.Runtime.Http;

/// <summary>
/// Reads every answer's body into memory before handing the answer on, and refuses one longer than
/// the bound: a declared length over it fails at once, an endless body once the bound is read. The
/// read runs inside SendAsync, so the caller's timeout and cancellation cover it as they cover the
/// headers, whatever client sits on top.
/// </summary>
internal sealed class BoundedAnswerHandler(long maxAnswerBytes) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        try
        {
            await response.Content.LoadIntoBufferAsync(maxAnswerBytes, cancellationToken).ConfigureAwait(false);
            return response;
        }
        catch (HttpRequestException exception) when (exception.HttpRequestError == HttpRequestError.ConfigurationLimitExceeded)
        {
            response.Dispose();
            throw new AnswerTooLargeException(maxAnswerBytes, exception);
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }
}

/// <summary>An answer's body was longer than the transport reads; it was dropped unread.</summary>
internal sealed class AnswerTooLargeException(long maxAnswerBytes, Exception innerException)
    : HttpRequestException(HttpRequestError.ConfigurationLimitExceeded, $"The answer was longer than {maxAnswerBytes} bytes.", innerException)
{
    public long MaxAnswerBytes { get; } = maxAnswerBytes;
}
