using ModelContextProtocol.Server;
using Segnals.Mcp.Runtime.Callers;

namespace Segnals.Mcp.Runtime.Tools;

/// <summary>What one tool call runs with besides its arguments.</summary>
/// <param name="Caller">Whose call it is: the key, its scopes, its budget.</param>
/// <param name="Endpoint">The tools this call could reach (what segnals_get_capabilities reports as exposed).</param>
/// <param name="Server">The MCP session, for confirmation dialogs; null where the server cannot ask the client anything.</param>
public sealed record ToolCallContext(ApiCaller Caller, ToolEndpoint Endpoint, McpServer? Server);
