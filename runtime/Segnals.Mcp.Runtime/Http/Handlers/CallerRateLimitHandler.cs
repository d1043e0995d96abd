namespace Segnals.Mcp.Runtime.Http.Handlers;

/// <summary>
/// Takes one call from the caller's own budget before it is sent (once per call, whatever its retries), so an
/// agent calling in a loop is told to slow down before the API's 429. Nothing is sent when the budget is spent.
/// </summary>
internal sealed class CallerRateLimitHandler(ICallRateLimiter limiter, ApiErrorTranslator errors) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var acquiring = limiter.TryAcquireAsync(ApiRequestOptions.CallerOf(request).Id, cancellationToken);

        // The in-process budget answers at once; only a shared one (Redis) is awaited. Not being an async method on
        // the common path keeps a state machine off every call and out of the JIT's start-up work.
        return acquiring.IsCompletedSuccessfully
            ? SendWithin(acquiring.Result, request, cancellationToken)
            : SendAfterAsync(acquiring, request, cancellationToken);
    }

    private async Task<HttpResponseMessage> SendAfterAsync(ValueTask<TimeSpan?> acquiring, HttpRequestMessage request, CancellationToken cancellationToken) =>
        await SendWithin(await acquiring.ConfigureAwait(false), request, cancellationToken).ConfigureAwait(false);

    private Task<HttpResponseMessage> SendWithin(TimeSpan? wait, HttpRequestMessage request, CancellationToken cancellationToken) =>
        wait is { } spent ? throw errors.ClientRateLimited(limiter.PerMinute, spent) : base.SendAsync(request, cancellationToken);
}
