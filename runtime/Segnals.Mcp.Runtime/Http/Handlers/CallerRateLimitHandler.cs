namespace Segnals.Mcp.Runtime.Http.Handlers;

/// <summary>
/// Takes one call from the caller's own budget before it is sent (once per call, whatever its retries), so an
/// agent calling in a loop is told to slow down before the API's 429. Nothing is sent when the budget is spent.
/// </summary>
internal sealed class CallerRateLimitHandler(ICallRateLimiter limiter, ApiErrorTranslator errors) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var caller = ApiRequestOptions.CallerOf(request);
        if (await limiter.TryAcquireAsync(caller.Id, cancellationToken).ConfigureAwait(false) is { } wait)
        {
            throw errors.ClientRateLimited(limiter.PerMinute, wait);
        }

        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }
}
