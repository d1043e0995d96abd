using System.Net.Http.Headers;
using Segnals.Mcp.Runtime.Http.Handlers;

namespace Segnals.Mcp.Runtime.Http;

/// <summary>
/// The HttpClient under the generated Refit client: a chain of small handlers, each one safety rule, in the
/// order a call meets them. Thread-safe: one client serves every caller concurrently, because everything
/// that depends on the caller (key, budget, scrubbing) is read from the request, never from the client.
/// </summary>
public static class ApiHttpClient
{
    /// <param name="options">Where and how to call the API.</param>
    /// <param name="primary">A handler to send with instead of <see cref="ApiHttpHandler.Create"/>'s; the caller keeps ownership of it.</param>
    public static HttpClient Create(ApiClientOptions options, HttpMessageHandler? primary = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.Timeout, TimeSpan.Zero);
        ArgumentNullException.ThrowIfNull(options.Time);
        ArgumentNullException.ThrowIfNull(options.BannedPathPrefixes);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.MaxAnswerBytes, 0);

        var address = new ApiAddress(options.BaseAddress);
        var errors = new ApiErrorTranslator(address.Authority, options.Timeout, options.MaxAnswerBytes);
        var retryPolicy = new RetryPolicy(options.MaxRetries, options.RetryBaseDelay);
        var rateLimiter = options.RateLimiter ?? new InProcessCallRateLimiter(options.RateLimitPerMinute, options.Time);

        // Outermost first. Refusals come before anything is counted or sent; the key and the Idempotency-Key
        // are set once per call; failures are explained above the retries; each attempt has its own timeout,
        // which covers reading its body, bounded, by the innermost handler (ApiHttpHandler below it: no redirects, one request
        // on the wire per attempt).
        var chain = Chain(
            primary ?? ApiHttpHandler.Create(),
            new BannedPathHandler(address, new BannedPathGuard(options.BannedPathPrefixes), errors),
            new CallerRateLimitHandler(rateLimiter, errors),
            new CredentialHandler(),
            new IdempotencyKeyHandler(),
            new FailureTranslationHandler(errors, options.Time),
            retryPolicy.MaxRetries > 0 ? new RetryHandler(retryPolicy, options.Time) : null,
            new AttemptTimeoutHandler(options.Timeout, options.Time),
            new AnswerBodyHandler(options.MaxAnswerBytes));

        // Each attempt's own timeout governs, so HttpClient's must never fire first.
        var client = new HttpClient(chain, disposeHandler: primary is null)
        {
            BaseAddress = address.BaseAddress,
            Timeout = Timeout.InfiniteTimeSpan,
        };
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        client.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", options.UserAgent);
        return client;
    }

    /// <summary>Links the handlers outermost first over <paramref name="primary"/>, skipping those left out (null).</summary>
    private static HttpMessageHandler Chain(HttpMessageHandler primary, params DelegatingHandler?[] outermostFirst)
    {
        var inner = primary;
        foreach (var handler in outermostFirst.Reverse())
        {
            if (handler is not null)
            {
                handler.InnerHandler = inner;
                inner = handler;
            }
        }

        return inner;
    }
}
