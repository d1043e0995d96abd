using System.Text.Json;
using Xunit;

namespace Segnals.Mcp.Server.Tests.Infrastructure;

/// <summary>
/// JSON-RPC lines written and read by hand, for tests that must control the pipe itself (a batch
/// followed by EOF, garbage lines) where the SDK client would hide what happens on the wire.
/// </summary>
internal static class RawJsonRpc
{
    public const string Initialize =
        """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"raw","version":"0"}}}""";

    public const string Initialized = """{"jsonrpc":"2.0","method":"notifications/initialized"}""";

    public static string ToolsList(int id) => $$"""{"jsonrpc":"2.0","id":{{id}},"method":"tools/list"}""";

    public static string ToolsCall(int id, string tool, string argumentsJson = "{}") =>
        $$$"""{"jsonrpc":"2.0","id":{{{id}}},"method":"tools/call","params":{"name":"{{{tool}}}","arguments":{{{argumentsJson}}}}}""";

    /// <summary>Reads stdout lines until the answer with this id, or null at end of output.</summary>
    public static async Task<string?> ReadUntilIdAsync(ServerProcess process, int id)
    {
        while (await process.ReadLineAsync() is { } line)
        {
            using var document = JsonDocument.Parse(line);
            if (document.RootElement.TryGetProperty("id", out var found) && found.ValueKind == JsonValueKind.Number && found.GetInt32() == id)
            {
                return line;
            }
        }

        return null;
    }

    /// <summary>The message on this line, failing unless it answers <paramref name="id"/>.</summary>
    public static JsonElement Response(string? line, int id)
    {
        Assert.NotNull(line);
        var message = JsonDocument.Parse(line).RootElement.Clone();
        Assert.Equal(id, message.GetProperty("id").GetInt32());
        return message;
    }

    /// <summary>Every answer in a captured stdout, by request id (numeric ids only).</summary>
    public static IReadOnlyDictionary<int, JsonElement> AnswersById(string stdout)
    {
        var answers = new Dictionary<int, JsonElement>();
        foreach (var line in stdout.Split('\n').Where(line => line.Trim().Length > 0))
        {
            var message = JsonDocument.Parse(line).RootElement.Clone();
            if (message.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.Number)
            {
                Assert.True(answers.TryAdd(id.GetInt32(), message), $"Request {id.GetInt32()} was answered twice.");
            }
        }

        return answers;
    }
}
