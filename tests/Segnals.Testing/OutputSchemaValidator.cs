using System.Text.Json;
using Json.Schema;

namespace Segnals.Testing;

/// <summary>
/// Checks a tool result against the tool's declared output schema with a real JSON Schema validator
/// (JsonSchema.Net, draft 2020-12, the dialect MCP assumes when a schema names none).
/// </summary>
public static class OutputSchemaValidator
{
    /// <summary>Each way <paramref name="value"/> breaks <paramref name="schema"/>, as "where: what"; empty when it conforms.</summary>
    public static IReadOnlyList<string> Problems(JsonElement schema, JsonElement value)
    {
        // A registry per schema: the global one would keep every schema a test run builds.
        var options = new BuildOptions { Dialect = Dialect.Draft202012, SchemaRegistry = new SchemaRegistry() };
        var results = JsonSchema.Build(schema, options).Evaluate(value, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (results.IsValid)
        {
            return [];
        }

        return (results.Details ?? [results])
            .Where(detail => detail.Errors is { Count: > 0 })
            .SelectMany(detail => detail.Errors!.Select(error => $"{Where(detail.InstanceLocation.ToString())} ({error.Key}): {error.Value}"))
            .ToList();
    }

    private static string Where(string pointer) => pointer.Length == 0 ? "(the result)" : pointer;
}
