using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Segnals.Mcp.Generated;
using Segnals.Mcp.Runtime.Tools;

namespace Segnals.Mcp.Server.Hosting;

/// <summary>Serves MCP over stdin/stdout without the generic host (measured to cost ~40% of start-up).</summary>
internal static class StdioServer
{
    /// <summary>How long calls still running when stdin closes may take before they are cancelled.</summary>
    private static readonly TimeSpan InFlightGrace = TimeSpan.FromSeconds(2);

    /// <summary>After the grace period, how long cancelled calls get to send their answer before the server stops regardless.</summary>
    private static readonly TimeSpan AnswerMargin = TimeSpan.FromSeconds(1);

    public static async Task<int> RunAsync(ServerComposition composition, CancellationToken cancellationToken)
    {
        // When stdin closes, every request already read is still answered: calls get InFlightGrace to
        // finish and are then answered as cancelled (a hung API does not keep the process alive), and
        // the server stops once every answer is out, or after the margin at the latest.
        using var inputEnded = new CancellationTokenSource();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var grace = new InputEndGrace(inputEnded.Token, InFlightGrace);
        var options = new McpServerOptions
        {
            ServerInfo = ServerIdentity.Create(SegnalsCatalog.Info.Version),
            ServerInstructions = ServerInstructions.Text,
            Capabilities = new ServerCapabilities { Tools = new ToolsCapability { ListChanged = false } },
            Handlers = grace.Bound(composition.Endpoint.HandlersFor(composition.Caller)),
        };

        // Learn the key's scopes while the client is still shaking hands, so the first tools/list
        // does not wait for that round trip (GetAsync is shared and retried on failure).
        _ = composition.Caller.Scopes.GetAsync(cancellationToken);

        await using var transport = new StdioTransport(Console.OpenStandardInput(), Console.OpenStandardOutput(), () =>
        {
            inputEnded.CancelAfter(InFlightGrace);
            stop.CancelAfter(InFlightGrace + AnswerMargin);
        });
        await using var server = McpServer.Create(transport, options, loggerFactory: null, serviceProvider: null);
        try
        {
            await server.RunAsync(stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }

        return 0;
    }
}
