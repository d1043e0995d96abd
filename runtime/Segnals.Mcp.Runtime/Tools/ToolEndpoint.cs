using System.Collections.Frozen;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Segnals.Mcp.Runtime.Callers;

namespace Segnals.Mcp.Runtime.Tools;

/// <summary>
/// A set of exposed tools served as tools/list and tools/call, for whichever caller a request comes
/// from: the list hides what that caller's key cannot use, and calling an unlisted tool is refused the
/// same way. The stdio server has one endpoint; the hosted server one per path (full and read-only).
/// </summary>
public sealed class ToolEndpoint
{
    private readonly FrozenDictionary<string, CatalogTool> _byName;
    private readonly bool _canAskClient;
    private readonly TimeSpan _listLifetime;

    /// <param name="tools">The tools left after the operator's ceilings, in the order tools/list shows them (catalog order:
    /// the same on every call, so a client can cache the list and a model's prompt cache keeps hitting).</param>
    /// <param name="listLifetime">How long a caller's list stays right once its key's scopes are known: as long as those
    /// scopes are kept (tools/list's ttlMs, MCP 2026-07-28).</param>
    /// <param name="canAskClient">False where the transport cannot carry a request from the server to the client (stateless
    /// Streamable HTTP): a tool then never tries a confirmation dialog, whatever capabilities the client declares.</param>
    public ToolEndpoint(IEnumerable<CatalogTool> tools, TimeSpan listLifetime, bool canAskClient = true)
    {
        ArgumentNullException.ThrowIfNull(tools);
        ArgumentOutOfRangeException.ThrowIfLessThan(listLifetime, TimeSpan.Zero);
        _canAskClient = canAskClient;
        _listLifetime = listLifetime;
        Tools = tools.ToArray();
        _byName = Tools.ToFrozenDictionary(tool => tool.Descriptor.Name, StringComparer.Ordinal);
        ExposedNames = _byName.Keys.ToFrozenSet(StringComparer.Ordinal);
    }

    public IReadOnlyList<CatalogTool> Tools { get; }

    public IReadOnlySet<string> ExposedNames { get; }

    /// <summary>The exposed tool of that name; null when this endpoint has none.</summary>
    public CatalogTool? Find(string name) => _byName.GetValueOrDefault(name);

    /// <summary>tools/list and tools/call answered for <paramref name="caller"/>.</summary>
    public McpServerHandlers HandlersFor(ApiCaller caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return new McpServerHandlers
        {
            ListToolsHandler = (request, cancellationToken) => ListAsync(caller, request, cancellationToken),
            CallToolHandler = (request, cancellationToken) => CallAsync(caller, request, cancellationToken),
        };
    }

    public async ValueTask<ListToolsResult> ListAsync(ApiCaller caller, RequestContext<ListToolsRequestParams> request, CancellationToken cancellationToken)
    {
        var key = await caller.Scopes.GetAsync(cancellationToken).ConfigureAwait(false);
        var result = new ListToolsResult
        {
            Tools = Tools.Where(tool => KeyScopes.Allows(key, tool.Descriptor.Scope)).Select(tool => tool.ProtocolTool).ToList(),
        };
        ToolListCaching.Apply(result, scopesKnown: key is not null, _listLifetime, request);
        return result;
    }

    public ValueTask<CallToolResult> CallAsync(ApiCaller caller, RequestContext<CallToolRequestParams> request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var name = request.Params?.Name ?? string.Empty;
        if (!_byName.TryGetValue(name, out var tool))
        {
            throw new McpProtocolException($"Unknown tool '{name}'. Call tools/list (or segnals_get_capabilities) to see the tools this server exposes.", McpErrorCode.InvalidParams);
        }

        return tool.InvokeAsync(new ToolCallContext(caller, this, _canAskClient ? request.Server : null), request.Params?.Arguments, cancellationToken);
    }
}
