using System.Net.Http.Headers;
using System.Text.Json;

namespace Segnals.Mcp.Runtime.Http;

/// <summary>
/// Sends API calls over HTTP with the safety rules users trust us with: banned paths are never sent,
/// a client-side budget stops runaway loops, only idempotent methods are retried, every write carries
/// one Idempotency-Key across its attempts, and failures become one actionable sentence without the key.
/// Thread-safe: one instance (and one HttpClient) serves every concurrent call.
/// </summary>
public sealed class HttpApiTransport : IApiTransport, IDisposable
{
    private static readonly MediaTypeHeaderValue JsonContentType = new("application/json");

    private readonly HttpApiTransportOptions _options;
    private readonly HttpClient _client;
    private readonly ApiAddress _address;
    private readonly BannedPathGuard _bannedPaths;
    private readonly ICallRateLimiter _rateLimiter;
    private readonly RetryPolicy _retryPolicy;
    private readonly ApiErrorTranslator _errors;

    /// <param name="options">Where and how to call the API.</param>
    /// <param name="handler">A handler to use instead of <see cref="ApiHttpHandler.Create"/>'s; the caller keeps ownership of it.</param>
    public HttpApiTransport(HttpApiTransportOptions options, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.Timeout, TimeSpan.Zero);
        ArgumentNullException.ThrowIfNull(options.Time);
        ArgumentNullException.ThrowIfNull(options.BannedPathPrefixes);

        _options = options;
        _address = new ApiAddress(options.BaseAddress);
        _bannedPaths = new BannedPathGuard(options.BannedPathPrefixes);
        _rateLimiter = options.RateLimiter ?? new InProcessCallRateLimiter(options.RateLimitPerMinute, options.Time);
        _retryPolicy = new RetryPolicy(options.MaxRetries, options.RetryBaseDelay);
        _errors = new ApiErrorTranslator(_address.Authority, options.Timeout, options.MaxAnswerBytes);

        // Our own per-attempt timeout governs, so HttpClient's must never fire first.
        _client = new HttpClient(handler ?? ApiHttpHandler.Create(options.MaxAnswerBytes), disposeHandler: handler is null)
        {
            Timeout = System.Threading.Timeout.InfiniteTimeSpan,
        };
        _client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        _client.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", options.UserAgent);
    }

    public async Task<ApiResponse> SendAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();

        if (_bannedPaths.FindBannedPrefix(request.PathAndQuery) is { } bannedPrefix)
        {
            throw _errors.BannedPath(bannedPrefix);
        }

        var uri = _address.Resolve(request.PathAndQuery) ?? throw _errors.BannedPath("/..");

        if (await _rateLimiter.TryAcquireAsync(request.Caller.Id, cancellationToken).ConfigureAwait(false) is { } wait)
        {
            throw _errors.ClientRateLimited(_rateLimiter.PerMinute, wait);
        }

        // One key per logical call, reused by its retries, so the API can recognise a repeat.
        var idempotencyKey = request.Method == HttpMethod.Get ? null : Guid.NewGuid().ToString("N");
        var retriable = RetryPolicy.IsIdempotent(request.Method);

        for (var retriesSoFar = 0; ; retriesSoFar++)
        {
            var outcome = await AttemptAsync(request, uri, idempotencyKey, cancellationToken).ConfigureAwait(false);
            if (outcome.Response is { } response)
            {
                return response;
            }

            var delay = retriable && outcome.IsTransient
                ? _retryPolicy.DelayBeforeRetry(retriesSoFar, outcome.RetryAfter)
                : null;
            if (delay is null)
            {
                throw _errors.Translate(outcome, request.Method, attempts: retriesSoFar + 1, request.Caller.ApiKey);
            }

            await Task.Delay(delay.Value, _options.Time, cancellationToken).ConfigureAwait(false);
        }
    }

    public void Dispose() => _client.Dispose();

    private async Task<AttemptOutcome> AttemptAsync(ApiRequest request, Uri uri, string? idempotencyKey, CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(request.Method, uri);

        // Per request, never on the shared client: one transport serves every caller of a hosted server.
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", request.Caller.ApiKey);
        if (idempotencyKey is not null)
        {
            message.Headers.TryAddWithoutValidation("Idempotency-Key", idempotencyKey);
        }

        if (request.JsonBody is { } body)
        {
            message.Content = new ReadOnlyMemoryContent(body);
            message.Content.Headers.ContentType = JsonContentType;
        }

        using var timeout = new CancellationTokenSource(_options.Timeout, _options.Time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            using var response = await _client
                .SendAsync(message, HttpCompletionOption.ResponseHeadersRead, linked.Token)
                .ConfigureAwait(false);
            var content = await response.Content.ReadAsByteArrayAsync(linked.Token).ConfigureAwait(false);
            return Interpret(response, content);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && timeout.IsCancellationRequested)
        {
            return AttemptOutcome.TimeoutElapsed();
        }
        catch (AnswerTooLargeException)
        {
            return AttemptOutcome.AnswerTooLarge();
        }
        catch (Exception failure) when (failure is HttpRequestException or IOException && !cancellationToken.IsCancellationRequested)
        {
            return AttemptOutcome.ConnectionFailed(failure);
        }
    }

    private AttemptOutcome Interpret(HttpResponseMessage response, byte[] content)
    {
        var status = (int)response.StatusCode;
        var bodyIsJson = ResponseJson.TryParse(content, out var body);

        if (status is >= 200 and <= 299 && bodyIsJson)
        {
            return AttemptOutcome.Succeeded(new ApiResponse(status, body));
        }

        // Honoured on every answer that may be retried: a 502 or 500 that asks for a pause gets it too.
        TimeSpan? retryAfter = status is 429 or >= 500 and <= 599
            ? RetryAfterReader.Read(response.Headers, body, _options.Time.GetUtcNow())
            : null;
        return AttemptOutcome.Answered(status, body, bodyIsJson, retryAfter);
    }
}
