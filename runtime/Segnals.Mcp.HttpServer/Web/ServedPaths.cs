using Microsoft.AspNetCore.Http;

namespace Segnals.Mcp.HttpServer.Web;

/// <summary>The paths this server answers: the two MCP connectors and the health checks.</summary>
internal sealed class ServedPaths(string full, string readOnly)
{
    public string Full { get; } = full;

    public string ReadOnly { get; } = readOnly;

    /// <summary>The served path a request went to, written as configured; null for anything else.</summary>
    public string? Named(PathString path)
    {
        foreach (var served in (ReadOnlySpan<string>)[Full, ReadOnly, HealthPaths.Live, HealthPaths.Ready])
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
