using System.Globalization;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Segnals.Mcp.Runtime.Tools;

namespace Segnals.Mcp.Server.Hosting;

/// <summary>
/// tools/list and tools/call over the exposed tools. Listing asks the key's scopes (once) and hides
/// what the key cannot use; calling an unlisted tool is refused the same way. A call still running when
/// <paramref name="inputEnded"/> fires (the grace period after stdin closed) is cancelled and answered
/// with an error that says so.
/// </summary>
internal sealed class McpToolHandlers(IReadOnlyList<CatalogTool> tools, ToolRuntime runtime, CancellationToken inputEnded, TimeSpan grace)
{
    private readonly Dictionary<string, CatalogTool> _byName = tools.ToDictionary(tool => tool.Descriptor.Name, StringComparer.Ordinal);

    public ValueTask<ListToolsResult> ListAsync(RequestContext<ListToolsRequestParams> request, CancellationToken cancellationToken) =>
        WithinGraceAsync(RequestMethods.ToolsList, cancellationToken, async token =>
        {
            var key = await runtime.Scopes.GetAsync(token).ConfigureAwait(false);
            return new ListToolsResult
            {
                Tools = tools.Where(tool => KeyScopes.Allows(key, tool.Descriptor.Scope)).Select(tool => tool.ProtocolTool).ToList(),
            };
        });

    public ValueTask<CallToolResult> CallAsync(RequestContext<CallToolRequestParams> request, CancellationToken cancellationToken)
    {
        var name = request.Params?.Name ?? string.Empty;
        if (!_byName.TryGetValue(name, out var tool))
        {
            throw new McpProtocolException($"Unknown tool '{name}'. Call tools/list (or segnals_get_capabilities) to see the tools this server exposes.", McpErrorCode.InvalidParams);
        }

        return WithinGraceAsync(name, cancellationToken, token => tool.InvokeAsync(request, token));
    }

    private async ValueTask<T> WithinGraceAsync<T>(string what, CancellationToken cancellationToken, Func<CancellationToken, ValueTask<T>> handle)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, inputEnded);
        try
        {
            return await handle(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (inputEnded.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // An error answer, not silence: the client's request was read and deserves one.
            throw new McpProtocolException(
                $"Cancelled: the client closed stdin and {what} did not finish within the {grace.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)} s grace period.",
                McpErrorCode.InternalError);
        }
    }
}
