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

    public static async Task<int> RunAsync(ServerComposition composition, CancellationToken cancellationToken)
    {
        var options = new McpServerOptions
        {
            ServerInfo = new Implementation { Name = "segnals-mcp", Title = "Segnals", Version = SegnalsCatalog.Info.Version },
            ServerInstructions = ServerInstructions.Text,
            Capabilities = new ServerCapabilities { Tools = new ToolsCapability { ListChanged = false } },
            Handlers = composition.Endpoint.HandlersFor(composition.Caller),
        };

        // Learn the key's scopes while the client is still shaking hands, so the first tools/list
        // does not wait for that round trip (GetAsync is shared and retried on failure).
        _ = composition.Caller.Scopes.GetAsync(cancellationToken);

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
