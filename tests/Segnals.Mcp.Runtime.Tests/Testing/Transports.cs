using Segnals.Mcp.Runtime.Callers;
using Segnals.Mcp.Runtime.Http;

namespace Segnals.Mcp.Runtime.Tests.Testing;

/// <summary>The API's handler chain pointed at a loopback server, with small delays so the suite stays fast.</summary>
internal static class Transports
{
    public static PipelineUnderTest For(
        Uri apiBase,
        int maxRetries = 3,
        TimeSpan? timeout = null,
        int rateLimitPerMinute = 10_000,
        IReadOnlyList<string>? bannedPathPrefixes = null,
        TimeProvider? time = null,
        long maxAnswerBytes = ApiHttpHandler.DefaultMaxAnswerBytes) =>
        new(ApiHttpClient.Create(new ApiClientOptions
        {
            BaseAddress = apiBase,
            MaxRetries = maxRetries,
            Timeout = timeout ?? TimeSpan.FromSeconds(10),
            RateLimitPerMinute = rateLimitPerMinute,
            BannedPathPrefixes = bannedPathPrefixes ?? [],
            Time = time ?? TimeProvider.System,
            RetryBaseDelay = TimeSpan.FromMilliseconds(5),
            MaxAnswerBytes = maxAnswerBytes,
        }));

    /// <summary>The caller every transport test sends as: <see cref="TestKeys.ApiKey"/>.</summary>
    public static readonly ApiCaller Caller = new ApiCallers(loadKeyInfo: null).Local(TestKeys.ApiKey);

    public static PipelineCall Get(string pathAndQuery, ApiCaller? caller = null) => new(caller ?? Caller, HttpMethod.Get, pathAndQuery, null);

    public static PipelineCall Delete(string pathAndQuery) => new(Caller, HttpMethod.Delete, pathAndQuery, null);

    public static PipelineCall Post(string pathAndQuery, string json = """{"client":"mcp"}""") => new(Caller, HttpMethod.Post, pathAndQuery, json);

    public static PipelineCall Put(string pathAndQuery, string json = """{"client":"mcp"}""") => new(Caller, HttpMethod.Put, pathAndQuery, json);
}
