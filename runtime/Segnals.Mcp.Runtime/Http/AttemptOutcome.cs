using System.Text.Json;

namespace Segnals.Mcp.Runtime.Http;

/// <summary>What one attempt of a call came to: an answer, or the facts needed to retry it or explain its failure.</summary>
internal sealed class AttemptOutcome
{
    private AttemptOutcome()
    {
    }

    /// <summary>The successful answer, when there is one.</summary>
    public ApiResponse? Response { get; private init; }

    /// <summary>The status of an answer that is not a success.</summary>
    public int? StatusCode { get; private init; }

    /// <summary>The parsed body of that answer; Undefined when it was empty or not JSON.</summary>
    public JsonElement Body { get; private init; }

    /// <summary>False when the answer had a body that did not parse as JSON.</summary>
    public bool BodyIsJson { get; private init; } = true;

    public TimeSpan? RetryAfter { get; private init; }

    public bool TimedOut { get; private init; }

    /// <summary>The answer's body was longer than the transport reads.</summary>
    public bool TooLarge { get; private init; }

    /// <summary>The connection failure, when the request got no answer.</summary>
    public Exception? ConnectionFailure { get; private init; }

    /// <summary>True when trying again could help (for an idempotent method): 5xx, 429, timeouts, broken connections.</summary>
    public bool IsTransient =>
        TimedOut || ConnectionFailure is not null || StatusCode is 429 or >= 500 and <= 599;

    /// <summary>True when the failure happened before the request could reach the server, so nothing was applied.</summary>
    public bool CertainlyNotSent =>
        ConnectionFailure is HttpRequestException
        {
            HttpRequestError: HttpRequestError.NameResolutionError or HttpRequestError.ConnectionError
                or HttpRequestError.SecureConnectionError or HttpRequestError.ProxyTunnelError,
        };

    public static AttemptOutcome Succeeded(ApiResponse response) => new() { Response = response };

    public static AttemptOutcome Answered(int statusCode, JsonElement body, bool bodyIsJson, TimeSpan? retryAfter) =>
        new() { StatusCode = statusCode, Body = body, BodyIsJson = bodyIsJson, RetryAfter = retryAfter };

    public static AttemptOutcome TimeoutElapsed() => new() { TimedOut = true };

    public static AttemptOutcome AnswerTooLarge() => new() { TooLarge = true };

    public static AttemptOutcome ConnectionFailed(Exception failure) => new() { ConnectionFailure = failure };
}
