using System.Globalization;
using System.Text.Json;

namespace Segnals.Benchmarks.Server.Mcp;

/// <summary>The handful of JSON-RPC lines the benchmark sends, written out by hand.</summary>
internal static class JsonRpc
{
    public const string ProtocolVersion = "2025-06-18";

    public static string Initialize(long id) =>
        "{\"jsonrpc\":\"2.0\",\"id\":" + Id(id) + ",\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"" + ProtocolVersion
        + "\",\"capabilities\":{},\"clientInfo\":{\"name\":\"segnals-benchmark\",\"version\":\"1.0.0\"}}}";

    public const string Initialized = "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}";

    public static string ToolsList(long id) => "{\"jsonrpc\":\"2.0\",\"id\":" + Id(id) + ",\"method\":\"tools/list\"}";

    public static string CallTool(long id, string name) =>
        "{\"jsonrpc\":\"2.0\",\"id\":" + Id(id) + ",\"method\":\"tools/call\",\"params\":{\"name\":\"" + name + "\",\"arguments\":{}}}";

    public static string Ping(long id) => "{\"jsonrpc\":\"2.0\",\"id\":" + Id(id) + ",\"method\":\"ping\"}";

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    /// <summary>Throws unless the line is a successful result (and, for tools/call, not a tool error).</summary>
    public static JsonElement Result(string line, string what)
    {
        using var document = JsonDocument.Parse(line);
        if (!document.RootElement.TryGetProperty("result", out var result))
        {
            throw new InvalidOperationException(what + " failed: " + Shorten(line));
        }

        if (result.ValueKind == JsonValueKind.Object && result.TryGetProperty("isError", out var isError) && isError.ValueKind == JsonValueKind.True)
        {
            throw new InvalidOperationException(what + " returned a tool error: " + Shorten(line));
        }

        return result.Clone();
    }

    private static string Shorten(string line) => line.Length > 600 ? line[..600] + "…" : line;
}
