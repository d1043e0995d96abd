namespace Segnals.Mcp.Runtime.Http.Handlers;

/// <summary>
/// Gives each attempt (answer body included: the buffering handler sits below) its own timeout on the
/// configured clock. A timeout becomes <see cref="AttemptTimedOutException"/>, so the retries above can tell it
/// from the caller's own cancellation, which passes through untouched.
/// </summary>
internal sealed class AttemptTimeoutHandler(TimeSpan timeout, TimeProvider time) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var attempt = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, attempt.Token);
        try
        {
            return await base.SendAsync(request, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException cancelled) when (attempt.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new AttemptTimedOutException(cancelled);
        }
    }
}
