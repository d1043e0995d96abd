namespace Segnals.Mcp.Runtime.Http.Handlers;

/// <summary>
/// Hands each answer on as a <see cref="BufferedResponseContent"/>: its body, already read (and bounded) by
/// <see cref="ApiHttpHandler"/> below within the attempt's timeout, as bytes the handlers above and the client's
/// serializer can look at as often as they need, without touching the connection again.
/// </summary>
internal sealed class AnswerBodyHandler : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        try
        {
            var original = response.Content;
            var bytes = await original.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            response.Content = BufferedResponseContent.From(bytes, original);
            original.Dispose();
            return response;
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }
}
