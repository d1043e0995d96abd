namespace Segnals.Mcp.Runtime.Http.Handlers;

/// <summary>
/// Gives every request that may change something one Idempotency-Key. It sits above the retries, so a call's
/// retries carry the same key and the API can recognise a repeat; two calls never share one.
/// </summary>
internal sealed class IdempotencyKeyHandler : DelegatingHandler
{
    private const string Header = "Idempotency-Key";

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Method != HttpMethod.Get && !request.Headers.Contains(Header))
        {
            request.Headers.TryAddWithoutValidation(Header, Guid.NewGuid().ToString("N"));
        }

        return base.SendAsync(request, cancellationToken);
    }
}
