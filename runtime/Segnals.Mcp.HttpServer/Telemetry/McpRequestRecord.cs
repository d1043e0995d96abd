using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Segnals.Mcp.HttpServer.Telemetry;

/// <summary>
/// What one HTTP request did at the MCP level, filled in while it is served and read by <see cref="RequestTelemetry"/>
/// for the log line and the metrics. Stateless Streamable HTTP carries one JSON-RPC message per POST.
/// </summary>
internal sealed class McpRequestRecord
{
    /// <summary>The JSON-RPC method (tools/call, server/discover, initialize…), once the SDK has read the body.</summary>
    public string? Method { get; private set; }

    /// <summary>The tool a tools/call named.</summary>
    public string? Tool { get; private set; }

    /// <summary>The caller's label (a SHA-256 prefix of the key), once the key was accepted.</summary>
    public string? CallerId { get; set; }

    public McpOutcome Outcome { get; private set; } = McpOutcome.None;

    /// <summary>A tools/call refused over HTTP before the MCP server read it (a scope the caller's token lacks).</summary>
    public void RefusedCall(string tool)
    {
        Method = RequestMethods.ToolsCall;
        Tool = tool;
    }

    /// <summary>Adds a filter that notes each incoming message's method (and tool), and wraps tools/call to note how it ended.</summary>
    public void Observe(McpServerOptions options)
    {
        options.Filters.Message.IncomingFilters.Add(next => (context, cancellationToken) =>
        {
            if (context.JsonRpcMessage is JsonRpcRequest request)
            {
                Method = request.Method;
                if (request.Method == RequestMethods.ToolsCall && request.Params?["name"]?.GetValueKind() == System.Text.Json.JsonValueKind.String)
                {
                    Tool = request.Params["name"]!.GetValue<string>();
                }
            }
            else if (context.JsonRpcMessage is JsonRpcNotification notification)
            {
                Method = notification.Method;
            }

            return next(context, cancellationToken);
        });

        var handlers = options.Handlers;
        if (handlers.CallToolHandler is { } call)
        {
            handlers.CallToolHandler = async (request, cancellationToken) =>
            {
                try
                {
                    var result = await call(request, cancellationToken);
                    Outcome = result.IsError == true ? McpOutcome.ToolError : McpOutcome.Ok;
                    return result;
                }
                catch (McpException)
                {
                    Outcome = McpOutcome.ProtocolError;
                    throw;
                }
            };
        }
    }
}

/// <summary>How an MCP request ended, as far as HTTP cannot tell.</summary>
internal enum McpOutcome
{
    /// <summary>Not a tool call, or it never reached one.</summary>
    None,
    Ok,

    /// <summary>The tool answered with an error result (bad arguments, refused, the API said no).</summary>
    ToolError,

    /// <summary>The request was refused as a protocol error (e.g. an unknown tool).</summary>
    ProtocolError,
}
