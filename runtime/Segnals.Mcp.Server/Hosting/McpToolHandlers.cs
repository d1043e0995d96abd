using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Segnals.Mcp.Runtime.Tools;

namespace Segnals.Mcp.Server.Hosting;

/// <summary>
/// tools/list and tools/call over the exposed tools. Listing asks the key's scopes (once) and hides
/// what the key cannot use; calling an unlisted tool is refused the same way.
/// </summary>
internal sealed class McpToolHandlers(IReadOnlyList<CatalogTool> tools, ToolRuntime runtime)
{
    private readonly Dictionary<string, CatalogTool> _byName = tools.ToDictionary(tool => tool.Descriptor.Name, StringComparer.Ordinal);

    public async ValueTask<ListToolsResult> ListAsync(RequestContext<ListToolsRequestParams> request, CancellationToken cancellationToken)
    {
        var key = await runtime.Scopes.GetAsync(cancellationToken).ConfigureAwait(false);

        // Catalog order, always: a client can cache the list and a model's prompt cache keeps hitting.
        var result = new ListToolsResult
        {
            Tools = tools.Where(tool => KeyScopes.Allows(key, tool.Descriptor.Scope)).Select(tool => tool.ProtocolTool).ToList(),
        };
        ToolListCaching.Apply(result, scopesKnown: key is not null, request);
        return result;
    }

    public ValueTask<CallToolResult> CallAsync(RequestContext<CallToolRequestParams> request, CancellationToken cancellationToken)
    {
        var name = request.Params?.Name ?? string.Empty;
        if (!_byName.TryGetValue(name, out var tool))
        {
            throw new McpProtocolException($"Unknown tool '{name}'. Call tools/list (or segnals_get_capabilities) to see the tools this server exposes.", McpErrorCode.InvalidParams);
        }

        return tool.InvokeAsync(request, cancellationToken);
    }
}
