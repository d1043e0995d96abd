using System.Net;
using System.Text.Json;

namespace Segnals.Mcp.Runtime.Http;

/// <summary>What one attempt of a call came to: an answer, or the facts needed to retry it or explain its failure.</summary>
internal sealed class AttemptOutcome
{
    private AttemptOutcome()
    {
    }

    /// <summary>True when the attempt got a 2xx answer with a JSON (or empty) body.</summary>
    public bool Succeeded { get; private init; }

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

    /// <summary>Reads an answer whose body <see cref="Handlers.AnswerBodyHandler"/> has handed on.</summary>
    public static AttemptOutcome Of(HttpResponseMessage response, DateTimeOffset now)
    {
        if (BufferedResponseContent.IsUsableSuccess(response))
        {
            return new AttemptOutcome { Succeeded = true };
        }

        var bodyIsJson = BufferedResponseContent.TryReadJson(response, out var body);
        // Honoured on every answer that may be retried: a 502 or 500 that asks for a pause gets it too.
        var status = (int)response.StatusCode;
        TimeSpan? retryAfter = status is 429 or >= 500 and <= 599
            ? RetryAfterReader.Read(response.Headers, body, now)
            : null;
        return new AttemptOutcome { StatusCode = status, Body = body, BodyIsJson = bodyIsJson, RetryAfter = retryAfter };
    }

    /// <summary>An attempt that ended without an answer; null for an exception that says nothing about the API.</summary>
    public static AttemptOutcome? Of(Exception failure) => failure switch
    {
        AttemptTimedOutException => new AttemptOutcome { TimedOut = true },

        // Before the general case: a too long answer is an HttpRequestException too, but never worth a retry.
        AnswerTooLargeException => new AttemptOutcome { TooLarge = true },
        HttpRequestException or IOException => new AttemptOutcome { ConnectionFailure = failure },
        _ => null,
    };
}
