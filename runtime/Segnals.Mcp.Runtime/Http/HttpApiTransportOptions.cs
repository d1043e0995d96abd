namespace Segnals.Mcp.Runtime.Http;

/// <summary>How <see cref="HttpApiTransport"/> reaches the Segnals API.</summary>
public sealed class HttpApiTransportOptions
{
    /// <summary>The API base, e.g. https://segnals.com/api; request paths are joined under its path.</summary>
    public required Uri BaseAddress { get; init; }

    /// <summary>How long one attempt may take, answer body included.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Extra attempts for idempotent requests (GET, PUT, DELETE, HEAD); POST is never retried.</summary>
    public int MaxRetries { get; init; } = 3;

    /// <summary>This server's own budget of calls per caller per minute, so an agent in a loop is stopped before the API's 429.</summary>
    public int RateLimitPerMinute { get; init; } = 120;

    /// <summary>Where the budgets are kept; one process's memory (with <see cref="RateLimitPerMinute"/>) when null.</summary>
    public ICallRateLimiter? RateLimiter { get; init; }

    /// <summary>The clock for timeouts, backoff delays and the rate limit; tests pass a controllable one.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Paths (relative to the base) that must never be called, e.g. "/wallet", "/admin". Plain prefix match,
    /// case-insensitive: "/withdraw" also refuses "/withdrawals"; end a prefix with '/' to match whole segments only.</summary>
    public IReadOnlyList<string> BannedPathPrefixes { get; init; } = [];

    public string UserAgent { get; init; } = "segnals-mcp";

    /// <summary>The longest answer body read; a longer one fails the call unread (see <see cref="ApiHttpHandler"/>).</summary>
    public long MaxAnswerBytes { get; init; } = ApiHttpHandler.DefaultMaxAnswerBytes;

    /// <summary>The first backoff ceiling; each retry doubles it (full jitter picks a delay between zero and the ceiling).</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromMilliseconds(200);
}
