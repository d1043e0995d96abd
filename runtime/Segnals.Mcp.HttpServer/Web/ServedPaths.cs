using Microsoft.AspNetCore.Http;

namespace Segnals.Mcp.HttpServer.Web;

/// <summary>The paths this server answers: the two MCP connectors, the health checks and (with OAuth) the connectors' metadata.</summary>
internal sealed class ServedPaths(string full, string readOnly)
{
    private readonly string[] _named = [full, readOnly, HealthPaths.Live, HealthPaths.Ready,
        OAuth.ProtectedResources.MetadataPrefix, OAuth.ProtectedResources.MetadataPrefix + full, OAuth.ProtectedResources.MetadataPrefix + readOnly];

    public string Full { get; } = full;

    public string ReadOnly { get; } = readOnly;

    /// <summary>The served path a request went to, written as configured; null for anything else.</summary>
    public string? Named(PathString path)
    {
        foreach (var served in _named)
        {
            if (path.Equals(served, StringComparison.OrdinalIgnoreCase))
            {
                return served;
            }
        }

        return null;
    }

    public bool IsHealth(PathString path) => path.Equals(HealthPaths.Live, StringComparison.OrdinalIgnoreCase) || path.Equals(HealthPaths.Ready, StringComparison.OrdinalIgnoreCase);
}
