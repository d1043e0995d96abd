using System.Net;
using Polly;
using Polly.Retry;

namespace Segnals.Mcp.Runtime.Http.Handlers;

/// <summary>
/// Tries an idempotent request (GET, HEAD, PUT, DELETE) again after a transient failure: 5xx, 429, a timeout
/// or a broken connection. Anything else, POST above all, goes out exactly once: a POST that failed may
/// still have been applied, and sending it again could open a second position or bot. When to retry is
/// <see cref="RetryPolicy"/>'s (full-jitter backoff, Retry-After honoured up to 30 s); Polly runs the loop.
/// </summary>
internal sealed class RetryHandler : DelegatingHandler
{
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;
    private readonly TimeProvider _time;
    private readonly RetryPolicy _policy;

    public RetryHandler(RetryPolicy policy, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(policy.MaxRetries, 1);
        _policy = policy;
        _time = time;
        _pipeline = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = policy.MaxRetries,
                ShouldHandle = arguments => ValueTask.FromResult(
                    !arguments.Context.CancellationToken.IsCancellationRequested && DelayBeforeRetry(arguments.Outcome, arguments.AttemptNumber) is not null),
                DelayGenerator = arguments => ValueTask.FromResult(DelayBeforeRetry(arguments.Outcome, arguments.AttemptNumber)),
            })
            .Build();
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        RetryPolicy.IsIdempotent(request.Method) ? SendWithRetriesAsync(request, cancellationToken) : base.SendAsync(request, cancellationToken);

    private async Task<HttpResponseMessage> SendWithRetriesAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        try
        {
            var state = new Attempt(this, request);
            var outcome = await _pipeline.ExecuteOutcomeAsync(
                static async (context, state) =>
                {
                    ApiRequestOptions.SetAttempts(state.Request, ++state.Count);
                    try
                    {
                        return Outcome.FromResult(await state.Handler.SendOnceAsync(state.Request, context.CancellationToken).ConfigureAwait(false));
                    }
                    catch (Exception failure)
                    {
                        return Outcome.FromException<HttpResponseMessage>(failure);
                    }
                },
                context,
                state).ConfigureAwait(false);
            outcome.ThrowIfException();
            return outcome.Result!;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private Task<HttpResponseMessage> SendOnceAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        base.SendAsync(request, cancellationToken);

    /// <param name="attemptNumber">Polly's count of retries already made (0 before the first retry).</param>
    private TimeSpan? DelayBeforeRetry(Outcome<HttpResponseMessage> outcome, int attemptNumber)
    {
        // Only 429 and 5xx answers can be transient, so no other answer's body is looked at here.
        if (outcome.Result is { StatusCode: not (HttpStatusCode.TooManyRequests or >= HttpStatusCode.InternalServerError) })
        {
            return null;
        }

        var attempt = outcome.Exception is { } failure
            ? AttemptOutcome.Of(failure)
            : AttemptOutcome.Of(outcome.Result!, _time.GetUtcNow());
        return attempt is { IsTransient: true } ? _policy.DelayBeforeRetry(attemptNumber, attempt.RetryAfter) : null;
    }

    private sealed class Attempt(RetryHandler handler, HttpRequestMessage request)
    {
        public RetryHandler Handler { get; } = handler;

        public HttpRequestMessage Request { get; } = request;

        public int Count { get; set; }
    }
}
