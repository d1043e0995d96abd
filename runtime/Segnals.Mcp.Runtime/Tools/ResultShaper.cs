using System.Text.Json;
using System.Text.Json.Nodes;
using Segnals.Mcp.Runtime.Catalog;
using Segnals.Mcp.Runtime.Json;

namespace Segnals.Mcp.Runtime.Tools;

/// <summary>Applies the catalog's result rules: unwrap a field, pick fields, explain values against a schema, add the disclaimer.</summary>
public static class ResultShaper
{
    public static JsonElement Shape(JsonElement result, ResultDescriptor? rules, CatalogInfo catalog)
    {
        if (rules is null)
        {
            return result;
        }

        var shaped = result;
        if (rules.Explain is { } explain)
        {
            shaped = Explain(shaped, explain);
        }

        if (rules.Unwrap is { } unwrap && ResultPaths.Find(shaped, unwrap) is { } inner)
        {
            shaped = inner;
        }

        if (rules.Pick.Count > 0)
        {
            shaped = JsonElements.From(Pick(JsonElements.ToNode(shaped), rules.Pick));
        }

        if (rules.Disclaimer && catalog.FindText("disclaimer") is { } disclaimer && shaped.ValueKind == JsonValueKind.Object)
        {
            shaped = ResultPaths.WithProperty(shaped, "disclaimer", JsonElements.From(JsonValue.Create(disclaimer.Text)));
        }

        return shaped;
    }

    private static JsonNode? Pick(JsonNode? node, IReadOnlyList<string> fields) => node switch
    {
        JsonArray array => new JsonArray(array.Select(item => Pick(item, fields)).ToArray()),
        JsonObject source => new JsonObject(fields
            .Where(source.ContainsKey)
            .Select(field => KeyValuePair.Create(field, source[field]?.DeepClone()))),
        _ => node?.DeepClone(),
    };

    /// <summary>
    /// For each entry of the values map, the matching schema entry (by its key field): the value,
    /// its default, range, description and risk note, so the model can explain a configuration.
    /// </summary>
    private static JsonElement Explain(JsonElement result, ExplainDescriptor explain)
    {
        var values = ResultPaths.Find(result, explain.Values);
        var schema = ResultPaths.Find(result, explain.Schema);
        var explained = new JsonArray();
        if (values is { ValueKind: JsonValueKind.Object } map)
        {
            var entries = schema is { ValueKind: JsonValueKind.Array } list ? list.EnumerateArray().ToList() : new List<JsonElement>();
            foreach (var property in map.EnumerateObject())
            {
                JsonNode entry = new JsonObject { ["key"] = property.Name, ["value"] = JsonElements.ToNode(property.Value) };
                var described = entries.FirstOrDefault(candidate =>
                    candidate.ValueKind == JsonValueKind.Object && candidate.TryGetProperty(explain.By, out var key) && key.ValueKind == JsonValueKind.String && key.GetString() == property.Name);
                if (described.ValueKind == JsonValueKind.Object)
                {
                    foreach (var field in described.EnumerateObject().Where(field => field.Name != explain.By && field.Value.ValueKind != JsonValueKind.Null))
                    {
                        entry[field.Name] = JsonElements.ToNode(field.Value);
                    }

                    if (described.TryGetProperty("default", out var defaultValue))
                    {
                        entry["is_default"] = JsonElement.DeepEquals(defaultValue, property.Value);
                    }
                }
                else
                {
                    entry["description"] = "Not in the exchange's parameter schema.";
                }

                explained.Add(entry);
            }
        }

        var shaped = JsonElements.ToNode(result) as JsonObject ?? new JsonObject();
        var schemaRoot = explain.Schema.Split('.')[0];
        shaped.Remove(schemaRoot);
        shaped["explained"] = explained;
        return JsonElements.From(shaped);
    }
}
