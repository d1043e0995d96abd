using System.Text.Json;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Segnals.Mcp.HttpServer.Tests.Infrastructure;

/// <summary>The MCP C# SDK's Streamable HTTP client, connected as one caller (its key as the bearer token).</summary>
internal static class HostedClient
{
    public const string July2026 = "2026-07-28";
    public const string November2025 = "2025-11-25";
    public const string June2025 = "2025-06-18";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <param name="protocolVersion">The revision to speak, and the least it accepts: 2026-07-28 discovers with no session;
    /// earlier ones use the initialize handshake. Null lets the client choose (it prefers the newest).</param>
    /// <param name="configure">Further client options, e.g. to offer confirmation dialogs.</param>
    public static async Task<McpClient> ConnectAsync(Uri endpoint, string? key, string? protocolVersion = July2026, Action<McpClientOptions>? configure = null)
    {
        var transport = new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = endpoint,
            TransportMode = HttpTransportMode.StreamableHttp,
            AdditionalHeaders = key is null ? null : new Dictionary<string, string> { ["Authorization"] = "Bearer " + key },
        });
        var options = new McpClientOptions
        {
            ClientInfo = new Implementation { Name = "segnals-hosted-e2e", Version = "1.0.0" },
            ProtocolVersion = protocolVersion,
            InitializationTimeout = Timeout,

            // The probe's short default (meant to fall back fast from servers that ignore server/discover) can run out
            // on a loaded machine before a freshly started server has compiled its first answer.
            DiscoverProbeTimeout = Timeout,
        };
        configure?.Invoke(options);
        return await McpClient.CreateAsync(transport, options).WaitAsync(Timeout);
    }

    /// <summary>Waits until the server has learnt the key's scopes (segnals_get_capabilities says so).</summary>
    public static async Task WaitUntilScopesAreKnownAsync(Uri endpoint, string key)
    {
        await using var client = await ConnectAsync(endpoint, key);
        var deadline = DateTime.UtcNow + Timeout;
        while ((await client.CallAsync("segnals_get_capabilities")).Result.StructuredContent?.GetProperty("scopes_known").GetBoolean() != true)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("The server did not learn the key's scopes within 30 s.");
            }

            await Task.Delay(100);
        }
    }

    public static async Task<IReadOnlyList<string>> ToolNamesAsync(this McpClient client) =>
        (await client.ListToolsAsync().AsTask().WaitAsync(Timeout)).Select(tool => tool.Name).ToList();

    /// <summary>Calls a tool with arguments given as an anonymous object (serialized to JSON first).</summary>
    public static async Task<Outcome> CallAsync(this McpClient client, string tool, object? arguments = null)
    {
        var values = arguments is null
            ? null
            : JsonSerializer.SerializeToElement(arguments).EnumerateObject().ToDictionary(property => property.Name, property => (object?)property.Value.Clone());
        return new Outcome(await client.CallToolAsync(tool, values).AsTask().WaitAsync(Timeout));
    }
}

/// <summary>A tool result with the views the tests assert on.</summary>
internal sealed class Outcome(CallToolResult result)
{
    public CallToolResult Result { get; } = result;

    public bool IsError => Result.IsError == true;

    public string Text => string.Concat(Result.Content.OfType<TextContentBlock>().Select(block => block.Text));

    /// <summary>A string property of the structured result, or null.</summary>
    public string? String(string property) =>
        Result.StructuredContent is { ValueKind: JsonValueKind.Object } data && data.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    public override string ToString() => Text;
}
