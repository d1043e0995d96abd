using System.Net;

namespace Segnals.Mcp.Runtime.Http;

/// <summary>
/// The connection handler every Segnals API call is sent with: it never follows a redirect and never repeats a
/// request on its own. Bounding the answer, retries, timeouts and error sentences belong to the handlers above
/// (<see cref="ApiHttpClient"/>).
/// </summary>
public static class ApiHttpHandler
{
    /// <summary>The largest answer body read (by the client's <c>AnswerBodyHandler</c>): far above any Segnals answer (the largest lists are tens of KB).</summary>
    public const long DefaultMaxAnswerBytes = 8 * 1024 * 1024;

    // Pooled connections are recycled so a long-running HTTP host follows DNS changes of the API.
    private static readonly TimeSpan PooledConnectionLifetime = TimeSpan.FromMinutes(2);

    public static HttpMessageHandler Create() => new SocketsHttpHandler
    {
        PooledConnectionLifetime = PooledConnectionLifetime,

        // A redirect could turn a POST into a GET or carry the call, and the key, somewhere SEGNALS_API_BASE did not name.
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.All,

        // One request on the wire per attempt of ours: see AnswerStartGuard.
        PlaintextStreamFilter = AnswerStartGuard.Filter,
    };
}
