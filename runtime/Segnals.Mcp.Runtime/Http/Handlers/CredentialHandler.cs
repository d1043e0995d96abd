using System.Net.Http.Headers;

namespace Segnals.Mcp.Runtime.Http.Handlers;

/// <summary>
/// Sends the request's own caller's key as the bearer token. Per request, never on the shared client's
/// default headers: one client serves every caller of a hosted server at the same time.
/// </summary>
internal sealed class CredentialHandler : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ApiRequestOptions.CallerOf(request).ApiKey);
        return base.SendAsync(request, cancellationToken);
    }
}
