using Segnals.Mcp.Runtime.Callers;
using Segnals.Mcp.Runtime.Http;

namespace Segnals.Mcp.Runtime.Tests.Testing;

/// <summary>Transports pointed at a loopback server, with small delays so the suite stays fast.</summary>
internal static class Transports
{
    public static HttpApiTransport For(
        Uri apiBase,
        int maxRetries = 3,
        TimeSpan? timeout = null,
        int rateLimitPerMinute = 10_000,
        IReadOnlyList<string>? bannedPathPrefixes = null,
        TimeProvider? time = null) =>
        new(new HttpApiTransportOptions
        {
            BaseAddress = apiBase,
            MaxRetries = maxRetries,
            Timeout = timeout ?? TimeSpan.FromSeconds(10),
            RateLimitPerMinute = rateLimitPerMinute,
            BannedPathPrefixes = bannedPathPrefixes ?? [],
            Time = time ?? TimeProvider.System,
            RetryBaseDelay = TimeSpan.FromMilliseconds(5),
        });

    /// <summary>The caller every transport test sends as: <see cref="TestKeys.ApiKey"/>.</summary>
    public static readonly ApiCaller Caller = new ApiCallers(loadKeyInfo: null).Local(TestKeys.ApiKey);

    public static ApiRequest Get(string pathAndQuery, ApiCaller? caller = null) => new(caller ?? Caller, HttpMethod.Get, pathAndQuery, pathAndQuery, null);

    public static ApiRequest Delete(string pathAndQuery) => new(Caller, HttpMethod.Delete, pathAndQuery, pathAndQuery, null);

    public static ApiRequest Post(string pathAndQuery, string json = """{"client":"mcp"}""") =>
        new(Caller, HttpMethod.Post, pathAndQuery, pathAndQuery, System.Text.Encoding.UTF8.GetBytes(json));

    public static ApiRequest Put(string pathAndQuery, string json = """{"client":"mcp"}""") =>
        new(Caller, HttpMethod.Put, pathAndQuery, pathAndQuery, System.Text.Encoding.UTF8.GetBytes(json));
}
