using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Segnals.Mcp.Server.Hosting;

/// <summary>Serves MCP over stdin/stdout without the generic host (measured to cost ~40% of start-up).</summary>
internal static class StdioServer
{
    private const string Instructions =
        "Segnals trading account tools. Call segnals_get_capabilities to see what this key may do. " +
        "Tools with a 'confirm' parameter never act without the user's agreement: the client shows them a confirmation " +
        "dialog, or the call returns a preview; show it to the user and only once they agree call again with confirm: true " +
        "(and the preview's confirmation_token when it has one). Amounts are real money unless the server runs in sandbox mode.";

    /// <summary>How long calls still running when stdin closes may take before they are cancelled.</summary>
    private static readonly TimeSpan InFlightGrace = TimeSpan.FromSeconds(2);

    public static async Task<int> RunAsync(ServerComposition composition, CancellationToken cancellationToken)
    {
        var handlers = new McpToolHandlers(composition.Tools, composition.Runtime);
        var options = new McpServerOptions
        {
            ServerInfo = ServerIdentity.Create(),
            ServerInstructions = Instructions,
            Capabilities = new ServerCapabilities { Tools = new ToolsCapability { ListChanged = false } },
            Handlers = new McpServerHandlers
            {
                ListToolsHandler = handlers.ListAsync,
                CallToolHandler = handlers.CallAsync,
            },
        };

        // Learn the key's scopes while the client is still shaking hands, so the first tools/list
        // does not wait for that round trip (GetAsync is shared and retried on failure).
        _ = composition.Runtime.Scopes.GetAsync(cancellationToken);

        // A client that closes stdin right after its last request still gets the answer if it comes
        // soon; a hung API call does not keep the process alive past the grace period.
        using var shutdown = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var input = new EndOfInputStream(Console.OpenStandardInput(), () => shutdown.CancelAfter(InFlightGrace));
        await using var transport = new StreamServerTransport(input, Console.OpenStandardOutput(), "segnals-mcp", loggerFactory: null);
        await using var server = McpServer.Create(transport, options, loggerFactory: null, serviceProvider: null);
        try
        {
            await server.RunAsync(shutdown.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (shutdown.IsCancellationRequested)
        {
        }

        return 0;
    }
}
