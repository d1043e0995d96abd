using Segnals.Mcp.Runtime.Configuration;
using Segnals.Mcp.Runtime.Http;
using Segnals.Mcp.Runtime.Tools;

namespace Segnals.Catalog.Generator.Tests.Infrastructure;

/// <summary>Builds the transport and runtime the compiled tools run on, pointed at a loopback server.</summary>
internal static class CatalogHost
{
    public static HttpApiTransport Transport(Uri baseAddress, string key) => new(new HttpApiTransportOptions
    {
        BaseAddress = baseAddress,
        ApiKey = key,
        MaxRetries = 0,
        RateLimitPerMinute = 100_000,
    });

    public static ToolRuntime Runtime(Segnals.Mcp.Runtime.Catalog.CatalogInfo catalog, ConfirmationMode mode = ConfirmationMode.Flag) =>
        new(catalog, new ToolRuntimeOptions { Confirmation = mode });
}
