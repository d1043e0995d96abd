using Segnals.Testing;

namespace Segnals.Mcp.Server.Tests.Faults;

/// <summary>
/// One way the API can fail, staged on one request, and what the user must see: the exact sentence
/// ({api} stands for the backend's host and port) and how many requests may reach the API. The retry
/// rule: an idempotent read gets 1 + SEGNALS_MAX_RETRIES attempts on transient failures (5xx, 429,
/// timeouts, broken connections) and one on anything else; a POST gets exactly one, whatever happens.
/// </summary>
internal sealed record BackendFault(
    string Name,
    ApiCall Call,
    Func<WireExchange, Task<bool>> Stage,
    string ExpectedError,
    int ExpectedAttempts,
    TimeSpan MinimumGapBetweenAttempts = default,
    params (string Name, string Value)[] Settings)
{
    private const string NotRetried =
        "and this POST, sent once, was NOT retried automatically because it may have been applied; check the current state before trying again.";

    private static readonly (string, string) ThreeRetries = ("SEGNALS_MAX_RETRIES", "3");
    private static readonly (string, string) TwoRetries = ("SEGNALS_MAX_RETRIES", "2");
    private static readonly (string, string) OneRetry = ("SEGNALS_MAX_RETRIES", "1");
    private static readonly (string, string) ShortTimeout = ("SEGNALS_TIMEOUT_MS", "300");
    private static readonly TimeSpan AlmostOneSecond = TimeSpan.FromMilliseconds(900);

    public static IReadOnlyList<BackendFault> All { get; } =
    [
        // Slow answers past the timeout.
        new("slow read", ApiCall.Read, SlowAsync,
            "The Segnals API did not answer within 300 ms after 2 attempts; try again later.", 2, default, OneRetry, ShortTimeout),
        new("slow write", ApiCall.Write, SlowAsync,
            $"The Segnals API did not answer within 300 ms {NotRetried}", 1, default, OneRetry, ShortTimeout),

        // The connection ends before, inside or after the headers.
        .. Broken("closed before any answer", wire => wire.CloseAsync(), "the API closed the connection without answering"),
        .. Broken("reset before any answer", wire => wire.ResetAsync(), "the connection was reset"),
        .. Broken("reset mid-headers", wire => wire.ResetMidHeadersAsync(), "the connection was reset"),
        .. Broken("reset mid-body", wire => wire.ResetMidBodyAsync(), "the connection was reset"),
        .. Broken("truncated body", wire => wire.TruncateBodyAsync(), "the answer was cut off"),

        // Answers that are not what the API sends.
        new("non-JSON 200", ApiCall.Read, wire => wire.AnswerAsync(200, "<html><body>Welcome to nginx!</body></html>", "text/html"),
            "The Segnals API answered HTTP 200 with a body that is not JSON; check that SEGNALS_API_BASE points at the Segnals API, such as https://segnals.com/api.", 1),
        new("HTML 502 page", ApiCall.Read, wire => wire.AnswerAsync(502, "<html><body><h1>502 Bad Gateway</h1></body></html>", "text/html"),
            "The Segnals API failed (HTTP 502) after 4 attempts; try again in a minute.", 4, default, ThreeRetries),
        new("HTML 403 page from a firewall", ApiCall.Read, wire => wire.AnswerAsync(403, "<html><body>Access denied</body></html>", "text/html"),
            "The Segnals API refused this request (forbidden); check the key's scopes at segnals.com → Settings → API Keys and your plan.", 1),
        new("HTML 500 page after the write was committed", ApiCall.Write, wire => wire.AnswerAsync(500, "<html><body>Internal Server Error</body></html>", "text/html"),
            $"The Segnals API failed (HTTP 500) {NotRetried}", 1),

        // 502 and 503, with and without Retry-After.
        new("502", ApiCall.Read, wire => wire.AnswerAsync(502, """{"message":"upstream down"}"""),
            "The Segnals API failed (HTTP 502) after 4 attempts; try again in a minute.", 4, default, ThreeRetries),
        new("503", ApiCall.Read, wire => wire.AnswerAsync(503, """{"message":"maintenance"}"""),
            "The Segnals API failed (HTTP 503) after 4 attempts; try again in a minute.", 4, default, ThreeRetries),
        new("502 with Retry-After in seconds", ApiCall.Read, wire => wire.AnswerAsync(502, """{"message":"upstream down"}""", "application/json", ("Retry-After", "1")),
            "The Segnals API failed (HTTP 502) after 3 attempts; try again in a minute.", 3, AlmostOneSecond, TwoRetries),
        new("503 with Retry-After as an HTTP date", ApiCall.Read, wire => wire.AnswerAsync(503, """{"message":"maintenance"}""", "application/json", ("Retry-After", InTwoSeconds())),
            "The Segnals API failed (HTTP 503) after 3 attempts; try again in a minute.", 3, AlmostOneSecond, TwoRetries),
        new("503 on a write", ApiCall.Write, wire => wire.AnswerAsync(503, """{"message":"maintenance"}""", "application/json", ("Retry-After", "1")),
            $"The Segnals API failed (HTTP 503) {NotRetried}", 1),

        // Rate limits.
        new("429 storm", ApiCall.Read, wire => wire.AnswerAsync(429, """{"message":"Rate limit exceeded","retry_after":1}""", "application/json", ("Retry-After", "1")),
            "The Segnals API rate limit was reached after 3 attempts; wait 1 s before trying again.", 3, AlmostOneSecond, TwoRetries),
        new("429 with a long Retry-After", ApiCall.Read, wire => wire.AnswerAsync(429, """{"message":"Rate limit exceeded"}""", "application/json", ("Retry-After", "120")),
            "The Segnals API rate limit was reached after 1 attempt; wait 120 s before trying again.", 1),
        new("429 on a write", ApiCall.Write, wire => wire.AnswerAsync(429, """{"message":"Rate limit exceeded"}""", "application/json", ("Retry-After", "1")),
            "The Segnals API rate limit was reached after 1 attempt; wait 1 s before trying again.", 1),

        // A server that echoes the key back cannot get it into any output.
        new("key echoed back", ApiCall.Read, wire => wire.AnswerAsync(400, $$"""{"message":"The key {{wire.Key}} is not allowed here."}"""),
            "The Segnals API rejected the request (HTTP 400): The key [redacted key] is not allowed here.", 1),
    ];

    public static Xunit.TheoryData<string> Names => new(All.Select(fault => fault.Name));

    public static BackendFault Named(string name) => All.Single(fault => fault.Name == name);

    public override string ToString() => Name;

    /// <summary>The same connection fault on a read (retried) and on a write (not).</summary>
    private static IEnumerable<BackendFault> Broken(string name, Func<WireExchange, Task<bool>> stage, string reason) =>
    [
        new($"{name}, on a read", ApiCall.Read, stage,
            $"The connection to the Segnals API at {{api}} broke before a whole answer arrived ({reason}) after 4 attempts; try again in a minute.", 4, default, ThreeRetries),
        new($"{name}, on a write", ApiCall.Write, stage,
            $"The connection to the Segnals API at {{api}} broke before a whole answer arrived ({reason}) {NotRetried}", 1, default, ThreeRetries),
    ];

    private static async Task<bool> SlowAsync(WireExchange wire)
    {
        await wire.DelayAsync(TimeSpan.FromSeconds(30));
        return await wire.AnswerAsync(200, """{"bots":[]}""");
    }

    /// <summary>An HTTP date two seconds ahead: whole seconds, so the client waits between one and two.</summary>
    private static string InTwoSeconds() => DateTimeOffset.UtcNow.AddSeconds(2).ToString("R", System.Globalization.CultureInfo.InvariantCulture);
}
