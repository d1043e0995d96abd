using Microsoft.AspNetCore.Http;
using ModelContextProtocol.Authentication;
using Segnals.Mcp.Runtime.Catalog;
using Segnals.Mcp.Runtime.Tools;
using Segnals.Mcp.HttpServer.Web;

namespace Segnals.Mcp.HttpServer.OAuth;

/// <summary>One MCP path as an OAuth protected resource: the path and the scopes its tools need.</summary>
internal sealed record ProtectedPath(string Path, IReadOnlyList<string> Scopes)
{
    public string ScopeText { get; } = string.Join(' ', Scopes);
}

/// <summary>
/// The two MCP paths as RFC 9728 protected resources, each its own resource (RFC 8707): &lt;public origin&gt;/mcp and
/// &lt;public origin&gt;/mcp/readonly, so a token minted for one is refused on the other. Each path's metadata lists the
/// scopes its tools need, in the catalog's order (the read-only path: only read tools' scopes); the root document
/// (/.well-known/oauth-protected-resource) describes the full connector, for clients that look there first.
/// </summary>
internal sealed class ProtectedResources
{
    public const string MetadataPrefix = "/.well-known/oauth-protected-resource";

    private readonly ResourceServerIdentity _identity;
    private readonly string _issuer;

    public ProtectedResources(ServedPaths paths, ResourceServerIdentity identity, string issuer, ToolEndpoint full, ToolEndpoint readOnly, CatalogInfo catalog)
    {
        _identity = identity;
        _issuer = issuer;
        Full = new ProtectedPath(paths.Full, ScopesOf(full, catalog));
        ReadOnly = new ProtectedPath(paths.ReadOnly, ScopesOf(readOnly, catalog));
    }

    public ProtectedPath Full { get; }

    public ProtectedPath ReadOnly { get; }

    /// <summary>The protected path a request went to; null for any other path.</summary>
    public ProtectedPath? For(PathString path) =>
        path.Equals(Full.Path, StringComparison.OrdinalIgnoreCase) ? Full
        : path.Equals(ReadOnly.Path, StringComparison.OrdinalIgnoreCase) ? ReadOnly
        : null;

    /// <summary>The path's resource identifier, which a token's audience must name: e.g. https://mcp.example.com/mcp.</summary>
    public string ResourceOf(ProtectedPath path) => Origin + path.Path;

    /// <summary>Where the path's RFC 9728 metadata is served (the well-known prefix inserted before the path).</summary>
    public string MetadataUrlOf(ProtectedPath path) => Origin + MetadataPrefix + path.Path;

    /// <summary>The metadata document served at the well-known prefix plus <paramref name="suffix"/>; null for a suffix naming no resource here.</summary>
    public ProtectedResourceMetadata? MetadataAt(PathString suffix)
    {
        var path = !suffix.HasValue || suffix.Value == "/" ? Full : For(suffix);
        return path is null ? null : new ProtectedResourceMetadata
        {
            Resource = ResourceOf(path),
            AuthorizationServers = [_issuer],
            ScopesSupported = [.. path.Scopes],
            BearerMethodsSupported = ["header"],
            ResourceName = path == ReadOnly ? "Segnals (read-only)" : "Segnals",
        };
    }

    private string Origin => _identity.PublicUrl.GetLeftPart(UriPartial.Authority);

    private static IReadOnlyList<string> ScopesOf(ToolEndpoint tools, CatalogInfo catalog)
    {
        var needed = tools.Tools.Select(tool => tool.Descriptor.Scope).OfType<string>().ToHashSet(StringComparer.Ordinal);
        return catalog.Scopes.Select(scope => scope.Name).Where(needed.Contains).ToList();
    }
}
