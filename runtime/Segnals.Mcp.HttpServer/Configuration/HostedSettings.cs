using System.Text;
using Segnals.Mcp.Runtime.Catalog;
using Segnals.Mcp.HttpServer.Web;
using Segnals.Mcp.Replicas;
using Segnals.Mcp.Runtime.Configuration;

namespace Segnals.Mcp.HttpServer.Configuration;

/// <summary>
/// Everything the hosted server is configured with: the shared server settings (without a key: every caller
/// brings its own), the operator's ceilings, and what only HTTP needs. Read by <see cref="HostedSettingsReader"/>.
/// </summary>
internal sealed record HostedSettings
{
    /// <summary>API base, timeouts, retries, rate limit, confirmation: as the stdio server reads them. <see cref="ServerSettings.ApiKey"/> is empty.</summary>
    public required ServerSettings Server { get; init; }

    /// <summary>The ceilings from the command line and the environment together; they apply to both paths.</summary>
    public required ToolExposure Exposure { get; init; }

    /// <summary>SEGNALS_MCP_HOST / --host: the address to listen on (an IP address or localhost).</summary>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>SEGNALS_MCP_PORT / --port; 0 picks a free port (the start-up line says which).</summary>
    public int Port { get; init; } = 8080;

    /// <summary>SEGNALS_MCP_PATH / --path: the full connector.</summary>
    public string Path { get; init; } = "/mcp";

    /// <summary>SEGNALS_MCP_READONLY_PATH / --readonly-path: the connector that exposes and accepts read tools only.</summary>
    public string ReadOnlyPath { get; init; } = "/mcp/readonly";

    /// <summary>SEGNALS_MCP_ALLOWED_HOSTS: Host header values served (DNS rebinding defence); loopback names by default.</summary>
    public required HostAllowList AllowedHosts { get; init; }

    /// <summary>SEGNALS_MCP_ALLOWED_ORIGINS: browser origins served and answered for CORS; loopback origins by default.</summary>
    public required OriginAllowList AllowedOrigins { get; init; }

    /// <summary>SEGNALS_REDIS (and SEGNALS_REDIS_PREFIX): where replicas share spent tokens and rate limits; null keeps them in this process.</summary>
    public RedisSettings? Redis { get; init; }

    /// <summary>OTEL_EXPORTER_OTLP_ENDPOINT: where metrics are exported with OpenTelemetry (OTLP); null exports nothing.</summary>
    public Uri? OtlpEndpoint { get; init; }

    /// <summary>SEGNALS_OAUTH_* (or --sandbox): the server as an OAuth protected resource; null serves API-key callers only.</summary>
    public OAuthSettings? OAuth { get; init; }

    /// <summary>--sandbox: serve in front of the embedded sandbox API (simulated money).</summary>
    public bool Sandbox { get; init; }

    // The server settings and the Redis settings print their own safe text (no key, secret or password).
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Server = ").Append(Server)
            .Append(", Host = ").Append(Host)
            .Append(", Port = ").Append(Port)
            .Append(", Path = ").Append(Path)
            .Append(", ReadOnlyPath = ").Append(ReadOnlyPath)
            .Append(", AllowedHosts = ").Append(AllowedHosts)
            .Append(", AllowedOrigins = ").Append(AllowedOrigins)
            .Append(", Redis = ").Append(Redis?.ToString() ?? "(none)")
            .Append(", OtlpEndpoint = ").Append(OtlpEndpoint?.ToString() ?? "(none)")
            .Append(", OAuth = ").Append(OAuth?.ToString() ?? "(off)")
            .Append(", Sandbox = ").Append(Sandbox);
        return true;
    }
}
