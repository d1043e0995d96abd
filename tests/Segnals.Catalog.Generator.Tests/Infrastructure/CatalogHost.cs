using Segnals.Mcp.Runtime.Callers;
using Segnals.Mcp.Runtime.Configuration;
using Segnals.Mcp.Runtime.Http;
using Segnals.Mcp.Runtime.Tools;
using Segnals.Testing;

namespace Segnals.Catalog.Generator.Tests.Infrastructure;

/// <summary>Builds the API client, runtime and caller the compiled tools run on, pointed at a loopback server.</summary>
internal static class CatalogHost
{
    public static HttpClient Http(Uri baseAddress) => ApiHttpClient.Create(new ApiClientOptions
    {
        BaseAddress = baseAddress,
        MaxRetries = 0,
        RateLimitPerMinute = 100_000,
    });

    public static ToolRuntime Runtime(Segnals.Mcp.Runtime.Catalog.CatalogInfo catalog, ConfirmationMode mode = ConfirmationMode.Flag) =>
        new(catalog, new ToolRuntimeOptions { Confirmation = mode });

    /// <summary>The tools served over MCP in memory, called as the holder of <paramref name="key"/> (scopes unknown, so the API decides).</summary>
    public static Task<InProcessMcp> ServeAsync(IEnumerable<CatalogTool> tools, string key) =>
        InProcessMcp.StartAsync(new ToolEndpoint(tools, listLifetime: TimeSpan.Zero).HandlersFor(new ApiCallers(loadKeyInfo: null).Local(key)));
}
