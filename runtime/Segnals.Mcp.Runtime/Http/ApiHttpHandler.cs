using System.Net;

namespace Segnals.Mcp.Runtime.Http;

/// <summary>
/// The HTTP handler chain every Segnals API call goes through, whatever client is built on it: it
/// never follows a redirect, never repeats a request on its own, and never reads more than a bounded
/// answer. Retries, timeouts and error sentences belong to the layer above.
/// </summary>
public static class ApiHttpHandler
{
    /// <summary>The largest answer body read: far above any Segnals answer (the largest lists are tens of KB).</summary>
    public const long DefaultMaxAnswerBytes = 8 * 1024 * 1024;

    // Pooled connections are recycled so a long-running HTTP host follows DNS changes of the API.
    private static readonly TimeSpan PooledConnectionLifetime = TimeSpan.FromMinutes(2);

    public static HttpMessageHandler Create(long maxAnswerBytes = DefaultMaxAnswerBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(maxAnswerBytes, 0);
        return new BoundedAnswerHandler(maxAnswerBytes)
        {
            InnerHandler = new SocketsHttpHandler
            {
                PooledConnectionLifetime = PooledConnectionLifetime,

                // A redirect could turn a POST into a GET or carry the call, and the key, somewhere SEGNALS_API_BASE did not name.
                AllowAutoRedirect = false,
                AutomaticDecompression = DecompressionMethods.All,

                // One request on the wire per attempt of ours: see AnswerStartGuard.
                PlaintextStreamFilter = AnswerStartGuard.Filter,
            },
        };
    }
}
