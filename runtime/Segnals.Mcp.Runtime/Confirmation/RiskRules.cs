using System.Text.Json;
using Segnals.Mcp.Runtime.Catalog;
using Segnals.Mcp.Runtime.Tools;

namespace Segnals.Mcp.Runtime.Confirmation;

/// <summary>Evaluates the catalog's risk rules against a configuration object (the preview's risk subject).</summary>
public static class RiskRules
{
    public static IReadOnlyList<string> Warnings(IReadOnlyList<RiskRule> rules, JsonElement? subject)
    {
        if (subject is not { ValueKind: JsonValueKind.Object } config)
        {
            return [];
        }

        return rules.Where(rule => rule.When.All(condition => Holds(condition, config))).Select(rule => rule.Warning).ToList();
    }

    private static bool Holds(RiskCondition condition, JsonElement config)
    {
        var actual = ResultPaths.Find(config, condition.Field);
        if (condition.Op == "missing")
        {
            return actual is null || actual.Value.ValueKind == JsonValueKind.Null;
        }

        if (condition.Op == "present")
        {
            return actual is { ValueKind: not JsonValueKind.Null };
        }

        if (actual is not { } value || condition.Value is null)
        {
            return false;
        }

        using var expectedDocument = JsonDocument.Parse(condition.Value);
        var expected = expectedDocument.RootElement;
        return condition.Op switch
        {
            "eq" => Same(value, expected),
            "ne" => !Same(value, expected),
            "gt" => Compare(value, expected) is > 0,
            "gte" => Compare(value, expected) is >= 0,
            "lt" => Compare(value, expected) is < 0,
            "lte" => Compare(value, expected) is <= 0,
            _ => false,
        };
    }

    private static bool Same(JsonElement actual, JsonElement expected) =>
        Compare(actual, expected) is 0 || JsonElement.DeepEquals(actual, expected);

    private static int? Compare(JsonElement actual, JsonElement expected) =>
        actual.ValueKind == JsonValueKind.Number && expected.ValueKind == JsonValueKind.Number
            ? actual.GetDouble().CompareTo(expected.GetDouble())
            : null;
}
