namespace Segnals.Mcp.Runtime.Http.Handlers;

/// <summary>
/// Lets through only a 2xx answer with a JSON (or empty) body; every other end of a call becomes an
/// <see cref="ApiCallException"/> whose message is one sentence for the agent, naming the attempts made and
/// scrubbed of the caller's key. It sits above the retries, so it explains the call's last attempt.
/// The caller's own cancellation passes through untouched.
/// </summary>
internal sealed class FailureTranslationHandler(ApiErrorTranslator errors, TimeProvider time) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        AttemptOutcome outcome;
        try
        {
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (BufferedResponseContent.IsUsableSuccess(response))
            {
                return response;
            }

            using (response)
            {
                outcome = AttemptOutcome.Of(response, time.GetUtcNow());
            }
        }
        catch (Exception failure) when (!cancellationToken.IsCancellationRequested && AttemptOutcome.Of(failure) is { } failed)
        {
            outcome = failed;
        }

        throw errors.Translate(outcome, request.Method, ApiRequestOptions.AttemptsOf(request), ApiRequestOptions.CallerOf(request).ApiKey);
    }
}
