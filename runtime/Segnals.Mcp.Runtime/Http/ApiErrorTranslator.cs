using System.Globalization;
using System.Net.Http;
using System.Net.Sockets;

namespace Segnals.Mcp.Runtime.Http;

/// <summary>
/// Turns a failed attempt into an <see cref="ApiCallException"/> whose message is one sentence telling
/// the agent what happened and what to do next. Every message passes through a scrubber, so not even
/// a server that echoes the key back can get it into a message.
/// </summary>
internal sealed class ApiErrorTranslator
{
    private const string KeysPage = "segnals.com → Settings → API Keys";

    private readonly string _authority;
    private readonly TimeSpan _timeout;
    private readonly long _maxAnswerBytes;

    public ApiErrorTranslator(string authority, TimeSpan timeout, long maxAnswerBytes)
    {
        _authority = authority;
        _timeout = timeout;
        _maxAnswerBytes = maxAnswerBytes;
    }

    /// <param name="apiKey">The caller's key: scrubbed from everything the server said, should it echo it back.</param>
    public ApiCallException Translate(AttemptOutcome outcome, HttpMethod method, int attempts, string apiKey)
    {
        var failure = outcome switch
        {
            { TimedOut: true } => TimedOut(method, attempts),
            { TooLarge: true } => new ApiCallException(ApiErrorKind.InvalidResponse,
                $"The Segnals API's answer was larger than the {Size(_maxAnswerBytes)} this server reads, so it was dropped unread; check that SEGNALS_API_BASE points at the Segnals API, or ask for less."),
            { ConnectionFailure: { } error } => ConnectionFailed(outcome, error, method, attempts),
            { StatusCode: { } status } => Answered(outcome, status, method, attempts),
            _ => throw new ArgumentException("The attempt did not fail.", nameof(outcome)),
        };

        return Scrubbed(failure, apiKey);
    }

    // Neither sentence below quotes anything the server said, so there is nothing to scrub.
    public ApiCallException BannedPath(string prefix) => new(
        ApiErrorKind.BannedPath,
        $"Refused: this server never calls Segnals API paths under '{prefix}' (fund-moving, administrative or outside the API), so nothing was sent.");

    public ApiCallException ClientRateLimited(int perMinute, TimeSpan retryAfter) => new(
        ApiErrorKind.ClientRateLimited,
        $"Slow down: this server allows {perMinute} Segnals API calls per minute, so nothing was sent; retry in {Seconds(retryAfter)} s.",
        retryAfter: retryAfter);

    private ApiCallException Answered(AttemptOutcome outcome, int status, HttpMethod method, int attempts)
    {
        var body = outcome.Body;
        var apiMessage = ApiErrorBody.Message(body);
        switch (status)
        {
            // A success is only a failure here when its body was not JSON.
            case >= 200 and <= 299:
                return new(ApiErrorKind.InvalidResponse,
                    $"The Segnals API answered HTTP {status} with a body that is not JSON; check that SEGNALS_API_BASE points at the Segnals API, such as https://segnals.com/api.",
                    status);

            case 401:
                return new(ApiErrorKind.Unauthorized,
                    $"The Segnals API key was rejected (invalid, expired or revoked); create a new key at {KeysPage} and set SEGNALS_API_KEY to it.",
                    status);

            case 403 when ApiErrorBody.RequiredScope(body) is { } scope:
                return new(ApiErrorKind.Forbidden,
                    $"The Segnals API key lacks the '{scope}' scope; add '{scope}' to the key at {KeysPage}, or use a key that has it.",
                    status, requiredScope: scope);

            case 403:
                return new(ApiErrorKind.Forbidden,
                    $"The Segnals API refused this request ({apiMessage ?? "forbidden"}); check the key's scopes at {KeysPage} and your plan.",
                    status);

            case 404 or 410:
                return new(ApiErrorKind.NotFound,
                    $"The Segnals API found nothing there{Quoted(apiMessage)}; check the id (list your bots first to get a valid one).",
                    status);

            case 409:
                return new(ApiErrorKind.Conflict,
                    $"The Segnals API refused the change in the current state: {apiMessage ?? "conflict"}.",
                    status);

            case 429:
                var wait = outcome.RetryAfter;
                var waitText = wait is { } known ? $"wait {Seconds(known)} s" : "wait about a minute";
                return new(ApiErrorKind.RateLimited,
                    $"The Segnals API rate limit was reached after {Attempts(attempts)}; {waitText} before trying again.",
                    status, retryAfter: wait);

            case >= 500 and <= 599:
                return new(ApiErrorKind.ServerError, ServerErrorSentence(status, method, attempts), status);

            case >= 300 and <= 399:
                return new(ApiErrorKind.InvalidResponse,
                    $"The Segnals API answered with a redirect (HTTP {status}), which this server does not follow; check that SEGNALS_API_BASE is the API's exact address.",
                    status);

            case >= 400 and <= 499 when ApiErrorBody.Field(body) is { } field:
                return new(ApiErrorKind.Validation,
                    $"The Segnals API rejected '{field}': {apiMessage ?? "invalid value"}.",
                    status, field: field);

            case >= 400 and <= 499:
                return new(ApiErrorKind.Validation,
                    $"The Segnals API rejected the request (HTTP {status}): {apiMessage ?? "no reason given"}.",
                    status);

            default:
                return new(ApiErrorKind.InvalidResponse,
                    $"The Segnals API answered with an unexpected HTTP {status}; check that SEGNALS_API_BASE points at the Segnals API.",
                    status);
        }
    }

    private static string ServerErrorSentence(int status, HttpMethod method, int attempts) =>
        RetryPolicy.IsIdempotent(method)
            ? $"The Segnals API failed (HTTP {status}) after {Attempts(attempts)}; try again in a minute."
            : $"The Segnals API failed (HTTP {status}) {SentOnce(method)}";

    private ApiCallException TimedOut(HttpMethod method, int attempts) =>
        new(ApiErrorKind.Timeout,
            RetryPolicy.IsIdempotent(method)
                ? $"The Segnals API did not answer within {Duration(_timeout)} after {Attempts(attempts)}; try again later."
                : $"The Segnals API did not answer within {Duration(_timeout)} {SentOnce(method)}");

    private ApiCallException ConnectionFailed(AttemptOutcome outcome, Exception error, HttpMethod method, int attempts)
    {
        if (outcome.CertainlyNotSent)
        {
            return new(ApiErrorKind.Unreachable,
                $"Cannot reach the Segnals API at {_authority} ({Reason(error)}) after {Attempts(attempts)}; check the network connection and SEGNALS_API_BASE.",
                innerException: error);
        }

        var broke = $"The connection to the Segnals API at {_authority} broke before a whole answer arrived ({Reason(error)})";
        return new(ApiErrorKind.Unreachable,
            RetryPolicy.IsIdempotent(method) ? $"{broke} after {Attempts(attempts)}; try again in a minute." : $"{broke} {SentOnce(method)}",
            innerException: error);
    }

    /// <summary>The end of every sentence about a write that failed after it was sent: it went out once and may have been applied.</summary>
    private static string SentOnce(HttpMethod method) =>
        $"and this {method}, sent once, was NOT retried automatically because it may have been applied; check the current state before trying again.";

    private static string Reason(Exception error)
    {
        var causes = Causes(error).ToList();
        if (causes.Any(cause => cause is ClosedWithoutAnswerException))
        {
            return "the API closed the connection without answering";
        }

        if (causes.Any(cause => cause is SocketException { SocketErrorCode: SocketError.ConnectionReset }))
        {
            return "the connection was reset";
        }

        return error switch
        {
            HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError } => "the host name could not be resolved",
            HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError } => "the connection was refused or failed",
            HttpRequestException { HttpRequestError: HttpRequestError.SecureConnectionError } => "the TLS handshake failed",
            HttpRequestException { HttpRequestError: HttpRequestError.ProxyTunnelError } => "the proxy tunnel failed",
            HttpRequestException { HttpRequestError: HttpRequestError.InvalidResponse } => "the answer was not valid HTTP",
            _ when causes.Any(cause => cause is HttpIOException { HttpRequestError: HttpRequestError.ResponseEnded }) => "the answer was cut off",
            _ => "the connection failed",
        };
    }

    private static IEnumerable<Exception> Causes(Exception error)
    {
        for (Exception? cause = error; cause is not null; cause = cause.InnerException)
        {
            yield return cause;
        }
    }

    private static string Attempts(int attempts) => attempts == 1 ? "1 attempt" : $"{attempts} attempts";

    /// <summary>Milliseconds below a second (a 300 ms timeout is not "1 s"), else whole seconds.</summary>
    private static string Duration(TimeSpan span) =>
        span < TimeSpan.FromSeconds(1) ? string.Create(CultureInfo.InvariantCulture, $"{(long)Math.Ceiling(span.TotalMilliseconds)} ms") : $"{Seconds(span)} s";

    private static string Size(long bytes) =>
        bytes % (1024 * 1024) == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024 * 1024)} MiB")
            : string.Create(CultureInfo.InvariantCulture, $"{bytes} bytes");

    private static string Quoted(string? apiMessage) => apiMessage is null ? "" : $" ({apiMessage})";

    /// <summary>Whole seconds, rounded up, at least 1: "retry in 0 s" would invite an immediate retry.</summary>
    internal static string Seconds(TimeSpan span) =>
        Math.Max(1, (long)Math.Ceiling(span.TotalSeconds)).ToString(CultureInfo.InvariantCulture);

    private static ApiCallException Scrubbed(ApiCallException failure, string apiKey)
    {
        // Scope and field come from the server too, so they are scrubbed like the message.
        var message = Scrub(failure.Message, apiKey)!;
        var scope = Scrub(failure.RequiredScope, apiKey);
        var field = Scrub(failure.Field, apiKey);
        if (ReferenceEquals(message, failure.Message) && ReferenceEquals(scope, failure.RequiredScope) && ReferenceEquals(field, failure.Field))
        {
            return failure;
        }

        return new ApiCallException(failure.Kind, message, failure.StatusCode, scope, failure.RetryAfter, field, failure.InnerException);
    }

    private static string? Scrub(string? text, string apiKey) =>
        text is null || apiKey.Length == 0 || !text.Contains(apiKey, StringComparison.Ordinal)
            ? text
            : text.Replace(apiKey, "[redacted key]", StringComparison.Ordinal);
}
