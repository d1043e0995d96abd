using System.IO.Pipelines;
using System.Text.Json;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Segnals.Testing;

/// <summary>An MCP server with the given handlers and the SDK's own client, joined by in-memory pipes.</summary>
public sealed class InProcessMcp : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _serverRun;

    private InProcessMcp(McpClient client, Task serverRun)
    {
        Client = client;
        _serverRun = serverRun;
    }

    public McpClient Client { get; }

    /// <param name="handlers">tools/list and tools/call, as the catalog's tool endpoint answers them for one caller.</param>
    public static async Task<InProcessMcp> StartAsync(McpServerHandlers handlers)
    {
        var toServer = new Pipe();
        var toClient = new Pipe();
        var options = new McpServerOptions
        {
            ServerInfo = new Implementation { Name = "test", Version = "0" },
            Capabilities = new ServerCapabilities { Tools = new ToolsCapability() },
            Handlers = handlers,
        };

        var server = McpServer.Create(new StreamServerTransport(toServer.Reader.AsStream(), toClient.Writer.AsStream(), "test", null), options, null, null);
        var stop = new CancellationTokenSource();
        var run = server.RunAsync(stop.Token);
        var client = await McpClient.CreateAsync(new StreamClientTransport(toServer.Writer.AsStream(), toClient.Reader.AsStream(), null), null, null, CancellationToken.None);
        var mcp = new InProcessMcp(client, run);
        mcp._stop.Token.Register(stop.Cancel);
        return mcp;
    }

    public ValueTask<CallToolResult> CallAsync(string tool, string argumentsJson)
    {
        using var document = JsonDocument.Parse(argumentsJson);
        var arguments = document.RootElement.EnumerateObject().ToDictionary(property => property.Name, property => property.Value.Clone());
        return Client.CallToolAsync(new CallToolRequestParams { Name = tool, Arguments = arguments }, CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync();
        _stop.Cancel();
        try
        {
            await _serverRun;
        }
        catch (OperationCanceledException)
        {
        }
    }
}
