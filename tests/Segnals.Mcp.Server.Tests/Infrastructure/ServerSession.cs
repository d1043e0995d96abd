using System.Collections.Concurrent;
using System.Text.Json;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using Xunit;

namespace Segnals.Mcp.Server.Tests.Infrastructure;

/// <summary>
/// One real segnals-mcp process driven by the SDK's own <see cref="McpClient"/> over its stdin/stdout.
/// The process is started here (not by StdioClientTransport) so every stdout byte is captured and the
/// exit code is known: disposing closes stdin and asserts a prompt exit with code 0, that stdout carried
/// JSON-RPC messages only, and that no key leaked into stdout, stderr or any tool result.
/// </summary>
internal sealed class ServerSession : IAsyncDisposable
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(30);

    private readonly ConcurrentQueue<string> _results = new();
    private readonly IReadOnlyList<string> _keys;
    private bool _disposed;

    private ServerSession(ServerProcess process, McpClient client, IReadOnlyList<string> keys)
    {
        Process = process;
        Client = client;
        _keys = keys;
    }

    public ServerProcess Process { get; }

    public McpClient Client { get; }

    /// <param name="environment">SEGNALS_* variables for the server (the key among them).</param>
    /// <param name="arguments">Command-line arguments (ceilings).</param>
    /// <param name="configure">Client options, e.g. to declare elicitation.</param>
    /// <param name="command">Another executable to run instead of the built server (the installed tool).</param>
    /// <param name="workingDirectory">Where the process starts; the test's own by default.</param>
    public static async Task<ServerSession> StartAsync(
        IReadOnlyDictionary<string, string?> environment,
        IEnumerable<string>? arguments = null,
        Action<McpClientOptions>? configure = null,
        string? command = null,
        string? workingDirectory = null)
    {
        var process = ServerProcess.Start(command ?? "dotnet", command is null ? [ServerProcess.DllPath, .. arguments ?? []] : arguments ?? [], environment, workingDirectory);
        try
        {
            var options = new McpClientOptions
            {
                ClientInfo = new Implementation { Name = "segnals-e2e", Version = "1.0.0" },
                InitializationTimeout = TimeSpan.FromSeconds(30),

                // The client probes with server/discover and, after 5 s by default, falls back to initialize on
                // the same connection. On a loaded machine a server can take longer than that to answer, and
                // once it has answered discover it refuses the late initialize. Only the overall timeout bounds
                // the probe here: the handshake under test stays the 2026-07-28 one.
                DiscoverProbeTimeout = Timeout.InfiniteTimeSpan,
            };
            configure?.Invoke(options);
            var transport = new StreamClientTransport(process.Input, process.Output);
            var client = await McpClient.CreateAsync(transport, options).WaitAsync(TimeSpan.FromSeconds(40));
            var keys = environment.TryGetValue("SEGNALS_API_KEY", out var key) && key is not null ? new[] { key } : [];
            return new ServerSession(process, client, keys);
        }
        catch (Exception exception)
        {
            var stderr = process.StderrText;
            await process.DisposeAsync();
            throw new InvalidOperationException("segnals-mcp did not complete the MCP handshake. stderr:\n" + stderr, exception);
        }
    }

    public async Task<IReadOnlyList<Tool>> ListToolsAsync()
    {
        var tools = await Client.ListToolsAsync().AsTask().WaitAsync(CallTimeout);
        var protocolTools = tools.Select(tool => tool.ProtocolTool).ToList();
        _results.Enqueue(JsonSerializer.Serialize(protocolTools.Select(tool => tool.Name)));
        return protocolTools;
    }

    public async Task<IReadOnlyList<string>> ToolNamesAsync() => (await ListToolsAsync()).Select(tool => tool.Name).ToList();

    /// <summary>Calls a tool with arguments given as an anonymous object or dictionary (serialized to JSON first).</summary>
    public async Task<ToolOutcome> CallAsync(string tool, object? arguments = null, CancellationToken cancellationToken = default)
    {
        var result = await Client.CallToolAsync(tool, Arguments.From(arguments), cancellationToken: cancellationToken)
            .AsTask()
            .WaitAsync(CallTimeout, cancellationToken);
        var outcome = new ToolOutcome(tool, result);
        _results.Enqueue(outcome.Text + "\n" + outcome.Structured?.GetRawText());
        return outcome;
    }

    /// <summary>Stops the server the way a client does (stdin EOF) and checks the exit and every captured output.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        int exitCode;
        try
        {
            await Client.DisposeAsync();
            Process.CloseInput();
            exitCode = await Process.WaitForExitAsync();
        }
        finally
        {
            await Process.DisposeAsync();
        }

        Assert.True(exitCode == 0, $"segnals-mcp exited with code {exitCode} after stdin EOF. stderr:\n{Process.StderrText}");
        StdoutAssert.OnlyJsonRpc(Process.StdoutText);
        Canary.AssertAbsent(Process.StdoutText, _keys, "stdout");
        Canary.AssertAbsent(Process.StderrText, _keys, "stderr");
        Canary.AssertAbsent(string.Join('\n', _results), _keys, "a tool result");
    }
}

/// <summary>A tool result with the views the tests assert on.</summary>
internal sealed class ToolOutcome(string tool, CallToolResult result)
{
    public string Tool { get; } = tool;

    public CallToolResult Result { get; } = result;

    public bool IsError => Result.IsError == true;

    public string Text => string.Concat(Result.Content.OfType<TextContentBlock>().Select(block => block.Text));

    public JsonElement? Structured => Result.StructuredContent;

    /// <summary>The structured result, failing when the call was an error or carried none.</summary>
    public JsonElement Data
    {
        get
        {
            Assert.False(IsError, $"{Tool} failed: {Text}");
            Assert.True(Structured is { ValueKind: JsonValueKind.Object }, $"{Tool} returned no structuredContent object: {Text}");
            return Structured!.Value;
        }
    }

    /// <summary>The one-sentence error text, failing when the call succeeded.</summary>
    public string Error
    {
        get
        {
            Assert.True(IsError, $"{Tool} was expected to fail but returned: {Text}");
            return Text;
        }
    }

    public string? String(string property) =>
        Structured is { ValueKind: JsonValueKind.Object } data && data.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    public override string ToString() => $"{Tool}: {Text}";
}

internal static class Arguments
{
    public static IReadOnlyDictionary<string, object?>? From(object? arguments)
    {
        if (arguments is null)
        {
            return null;
        }

        var element = arguments as JsonElement? ?? JsonSerializer.SerializeToElement(arguments);
        return element.EnumerateObject().ToDictionary(property => property.Name, property => (object?)property.Value.Clone());
    }

    /// <summary>Adds confirm: true and a token to a ✋ tool's arguments.</summary>
    public static Dictionary<string, object?> Confirmed(object arguments, string? token)
    {
        var result = From(arguments)!.ToDictionary(pair => pair.Key, pair => pair.Value);
        result["confirm"] = true;
        if (token is not null)
        {
            result["confirmation_token"] = token;
        }

        return result;
    }
}

internal static class StdoutAssert
{
    /// <summary>stdout carries MCP messages only: every non-empty line is one JSON-RPC 2.0 object.</summary>
    public static void OnlyJsonRpc(string stdout)
    {
        foreach (var line in stdout.Split('\n').Where(line => line.Trim().Length > 0))
        {
            JsonElement message;
            try
            {
                message = JsonDocument.Parse(line).RootElement;
            }
            catch (JsonException)
            {
                Assert.Fail("stdout carried a line that is not JSON: " + Shorten(line));
                return;
            }

            Assert.True(
                message.ValueKind == JsonValueKind.Object && message.TryGetProperty("jsonrpc", out var version) && version.GetString() == "2.0",
                "stdout carried a line that is not a JSON-RPC 2.0 message: " + Shorten(line));
        }
    }

    private static string Shorten(string line) => line.Length > 200 ? line[..200] + "…" : line;
}
