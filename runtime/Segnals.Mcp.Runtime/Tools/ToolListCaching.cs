using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Segnals.Mcp.Runtime.Tools;

/// <summary>
/// The caching hints on a tools/list result (MCP 2026-07-28: <c>ttlMs</c>, <c>cacheScope</c>). The list is
/// the catalog narrowed by the operator's ceilings and the key's scopes, so it is always "private": a shared
/// cache must never hand one key's list to another. How long it stays fresh depends on what is known.
/// </summary>
internal static class ToolListCaching
{
    /// <summary>The first revision whose results carry caching hints; older clients may reject the fields.</summary>
    private const string FirstRevisionWithHints = "2026-07-28";

    /// <param name="scopesKnown">
    /// False while the scope look-up has not answered: every tool is listed for now and the list shrinks once
    /// the scopes are learnt, so it is stale at once (ttlMs 0).
    /// </param>
    /// <param name="knownScopesLifetime">How long the list stays right once the scopes are known (see <see cref="ToolEndpoint"/>).</param>
    public static void Apply(ListToolsResult result, bool scopesKnown, TimeSpan knownScopesLifetime, RequestContext<ListToolsRequestParams> request)
    {
        var revision = request.JsonRpcRequest.Context?.ProtocolVersion ?? request.Server.NegotiatedProtocolVersion;
        if (revision is null || string.CompareOrdinal(revision, FirstRevisionWithHints) < 0)
        {
            return;
        }

        result.TimeToLive = scopesKnown ? knownScopesLifetime : TimeSpan.Zero;
        result.CacheScope = CacheScope.Private;
    }
}
