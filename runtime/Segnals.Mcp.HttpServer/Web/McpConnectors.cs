using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using ModelContextProtocol.Server;
using Segnals.Mcp.HttpServer.Telemetry;
using Segnals.Mcp.Runtime.Tools;

namespace Segnals.Mcp.HttpServer.Web;

/// <summary>
/// The two MCP endpoints: the full connector and the read-only one, each a ModelContextProtocol.AspNetCore
/// Streamable HTTP endpoint (stateless) over its own <see cref="ToolEndpoint"/>. Each request gets a server whose
/// tools/list and tools/call answer for that request's caller only.
/// </summary>
internal static class McpConnectors
{
    /// <summary>The authorization policy the MCP endpoints require: an authenticated caller, by whichever scheme the server uses (keys, or OAuth).</summary>
    public const string CallerPolicy = "SegnalsCaller";

    public static void Map(WebApplication app, ServedPaths paths, ToolEndpoint full, ToolEndpoint readOnly)
    {
        app.MapMcp(paths.Full).WithMetadata(new Connector(full)).RequireAuthorization(CallerPolicy);
        app.MapMcp(paths.ReadOnly).WithMetadata(new Connector(readOnly)).RequireAuthorization(CallerPolicy);
    }

    /// <summary>The tools of the connector a request was routed to; null for any other endpoint.</summary>
    public static ToolEndpoint? ToolsOf(HttpContext context) => context.GetEndpoint()?.Metadata.GetMetadata<Connector>()?.Tools;

    /// <summary>HttpServerTransportOptions.ConfigureSessionOptions: called for every request in stateless mode.</summary>
    public static Task ConfigureSessionAsync(HttpContext context, McpServerOptions options, CancellationToken cancellationToken)
    {
        var connector = context.GetEndpoint()?.Metadata.GetMetadata<Connector>()
            ?? throw new InvalidOperationException("An MCP request reached a server without its connector.");

        // Authorization ran first, so a request without a caller never gets here.
        var caller = context.Features.Get<ApiCallerFeature>()?.Caller
            ?? throw new InvalidOperationException("An MCP request reached the server without an authenticated caller.");
        options.Handlers = connector.Tools.HandlersFor(caller);
        context.Features.Get<McpRequestRecord>()?.Observe(options);
        return Task.CompletedTask;
    }

    /// <summary>Endpoint metadata: which tools the endpoint serves.</summary>
    private sealed record Connector(ToolEndpoint Tools);
}
