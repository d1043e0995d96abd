using System.Text.Json;
using System.Text.Json.Nodes;
using Segnals.Mcp.Runtime.Http;
using Segnals.Mcp.Runtime.Json;

namespace Segnals.Mcp.Runtime.Tools;

/// <summary>Dotted-path access into API results ("bot.config.leverage"), used by generated enrich steps and by previews.</summary>
public static class ResultPaths
{
    public static JsonElement? Find(JsonElement root, string path)
    {
        var current = root;
        foreach (var segment in path.Split('.'))
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(segment, out current))
            {
                return null;
            }
        }

        return current;
    }

    public static string RequiredString(JsonElement root, string path) =>
        Find(root, path) is { ValueKind: JsonValueKind.String } value ? value.GetString()! : throw Missing(path, "text");

    public static long RequiredInteger(JsonElement root, string path) =>
        Find(root, path) is { ValueKind: JsonValueKind.Number } value && value.TryGetInt64(out var number) ? number : throw Missing(path, "a whole number");

    public static double RequiredNumber(JsonElement root, string path) =>
        Find(root, path) is { ValueKind: JsonValueKind.Number } value ? value.GetDouble() : throw Missing(path, "a number");

    public static bool RequiredBoolean(JsonElement root, string path) =>
        Find(root, path) is { ValueKind: JsonValueKind.True or JsonValueKind.False } value ? value.GetBoolean() : throw Missing(path, "true or false");

    public static JsonElement RequiredObject(JsonElement root, string path) =>
        Find(root, path) is { ValueKind: JsonValueKind.Object } value ? value : throw Missing(path, "an object");

    /// <summary>Returns a copy of an object result with one more property (an enrichment).</summary>
    public static JsonElement WithProperty(JsonElement result, string name, JsonElement value)
    {
        var target = result.ValueKind == JsonValueKind.Object ? JsonElements.ToNode(result)!.AsObject() : new JsonObject { ["result"] = JsonElements.ToNode(result) };
        target[name] = JsonElements.ToNode(value);
        return JsonElements.From(target);
    }

    private static ApiCallException Missing(string path, string expected) =>
        new(ApiErrorKind.InvalidResponse, $"The Segnals API answered without '{path}' ({expected} was expected), so the tool could not finish.");
}
