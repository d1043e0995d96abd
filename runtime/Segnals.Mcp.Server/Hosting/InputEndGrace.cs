using System.Globalization;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Segnals.Mcp.Server.Hosting;

/// <summary>
/// After stdin closes, a call still running when <paramref name="inputEnded"/> fires (the grace period) is
/// cancelled and answered with an error that says so: the client's request was read and deserves an
/// answer, and a hung API must not keep the process alive.
/// </summary>
internal sealed class InputEndGrace(CancellationToken inputEnded, TimeSpan grace)
{
    /// <summary>The same handlers, each bounded by the grace period once input has ended.</summary>
    public McpServerHandlers Bound(McpServerHandlers handlers)
    {
        var list = handlers.ListToolsHandler ?? throw new ArgumentException("No tools/list handler.", nameof(handlers));
        var call = handlers.CallToolHandler ?? throw new ArgumentException("No tools/call handler.", nameof(handlers));
        return new McpServerHandlers
        {
            ListToolsHandler = (request, cancellationToken) => WithinGraceAsync(RequestMethods.ToolsList, cancellationToken, token => list(request, token)),
            CallToolHandler = (request, cancellationToken) => WithinGraceAsync(request.Params?.Name ?? RequestMethods.ToolsCall, cancellationToken, token => call(request, token)),
        };
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
            throw new McpProtocolException(
                $"Cancelled: the client closed stdin and {what} did not finish within the {grace.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)} s grace period.",
                McpErrorCode.InternalError);
        }
    }
}
