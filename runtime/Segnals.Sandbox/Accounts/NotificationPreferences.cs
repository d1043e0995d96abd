using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Segnals.Sandbox.Http;
using Segnals.Sandbox.Trading;

namespace Segnals.Sandbox.Accounts;

/// <summary>
/// Notification preferences: a fixed tree of known keys. An update is deep-merged (objects key by key,
/// values and the custom_alerts list replaced); any unknown key at any depth is a 422 naming its full path.
/// </summary>
internal static class NotificationPreferences
{
    public const string DefaultJson =
        """{"system_reminders":true,"daily_report":{"enabled":true,"hour_utc":8},"performance_alerts":{"enabled":false,"threshold_pnl_usd":100},"weekly_summary":{"enabled":true,"day":"monday","hour_utc":9},"custom_alerts":[]}""";

    private const int MaxCustomAlerts = 20;
    private static readonly string[] Days = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
    private static readonly string[] Conditions = ["price_above", "price_below", "change_24h_above", "change_24h_below"];

    private delegate JsonNode Leaf(JsonElement value, string field);

    private static readonly Dictionary<string, Leaf> DailyReport = new(StringComparer.Ordinal)
    {
        ["enabled"] = Bool,
        ["hour_utc"] = Hour,
    };

    private static readonly Dictionary<string, Leaf> PerformanceAlerts = new(StringComparer.Ordinal)
    {
        ["enabled"] = Bool,
        ["threshold_pnl_usd"] = (v, f) => Number(v, f, 0, 1_000_000),
    };

    private static readonly Dictionary<string, Leaf> WeeklySummary = new(StringComparer.Ordinal)
    {
        ["enabled"] = Bool,
        ["day"] = (v, f) => OneOf(v, f, Days),
        ["hour_utc"] = Hour,
    };

    private static readonly Dictionary<string, Leaf> CustomAlert = new(StringComparer.Ordinal)
    {
        ["name"] = (v, f) => Text(v, f, 1, 100),
        ["symbol"] = Symbol,
        ["condition"] = (v, f) => OneOf(v, f, Conditions),
        ["value"] = (v, f) => Number(v, f, -1_000_000_000, 1_000_000_000),
        ["enabled"] = Bool,
    };

    /// <summary>Returns the stored preferences with <paramref name="patch"/> deep-merged in, after validating all of it.</summary>
    public static JsonObject Merge(string storedJson, JsonElement patch)
    {
        var current = JsonNode.Parse(storedJson) as JsonObject ?? (JsonObject)JsonNode.Parse(DefaultJson)!;
        foreach (var property in patch.EnumerateObject())
        {
            var field = "preferences." + property.Name;
            switch (property.Name)
            {
                case "system_reminders":
                    current[property.Name] = Bool(property.Value, field);
                    break;
                case "daily_report":
                    MergeObject(current, property, field, DailyReport);
                    break;
                case "performance_alerts":
                    MergeObject(current, property, field, PerformanceAlerts);
                    break;
                case "weekly_summary":
                    MergeObject(current, property, field, WeeklySummary);
                    break;
                case "custom_alerts":
                    current[property.Name] = Alerts(property.Value, field);
                    break;
                default:
                    throw ApiException.Validation(field, $"Unknown preference '{property.Name}'; allowed: system_reminders, daily_report, performance_alerts, weekly_summary, custom_alerts.");
            }
        }
        return current;
    }

    private static void MergeObject(JsonObject parent, JsonProperty property, string field, Dictionary<string, Leaf> keys)
    {
        if (property.Value.ValueKind != JsonValueKind.Object)
        {
            throw ApiException.Validation(field, $"{field} must be an object");
        }
        var target = parent[property.Name] as JsonObject ?? [];
        foreach (var child in property.Value.EnumerateObject())
        {
            var childField = field + "." + child.Name;
            if (!keys.TryGetValue(child.Name, out var leaf))
            {
                throw ApiException.Validation(childField, $"Unknown preference '{childField}'; allowed in {field}: {string.Join(", ", keys.Keys)}.");
            }
            target[child.Name] = leaf(child.Value, childField);
        }
        parent[property.Name] = target;
    }

    private static JsonArray Alerts(JsonElement value, string field)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            throw ApiException.Validation(field, $"{field} must be a list of alerts");
        }
        if (value.GetArrayLength() > MaxCustomAlerts)
        {
            throw ApiException.Validation(field, $"{field} may hold at most {MaxCustomAlerts} alerts");
        }
        var alerts = new JsonArray();
        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            var itemField = string.Create(CultureInfo.InvariantCulture, $"{field}[{index++}]");
            if (item.ValueKind != JsonValueKind.Object)
            {
                throw ApiException.Validation(itemField, $"{itemField} must be an object with symbol, condition and value");
            }
            var alert = new JsonObject();
            foreach (var part in item.EnumerateObject())
            {
                var partField = itemField + "." + part.Name;
                if (!CustomAlert.TryGetValue(part.Name, out var leaf))
                {
                    throw ApiException.Validation(partField, $"Unknown alert key '{part.Name}'; allowed: {string.Join(", ", CustomAlert.Keys)}.");
                }
                alert[part.Name] = leaf(part.Value, partField);
            }
            foreach (var required in (ReadOnlySpan<string>)["symbol", "condition", "value"])
            {
                if (!alert.ContainsKey(required))
                {
                    throw ApiException.Validation(itemField + "." + required, $"{itemField}.{required} is required");
                }
            }
            alert.TryAdd("enabled", true);
            alerts.Add((JsonNode)alert);
        }
        return alerts;
    }

    private static JsonNode Bool(JsonElement value, string field) => value.ValueKind switch
    {
        JsonValueKind.True => JsonValue.Create(true),
        JsonValueKind.False => JsonValue.Create(false),
        _ => throw ApiException.Validation(field, $"{field} must be true or false"),
    };

    private static JsonNode Hour(JsonElement value, string field)
    {
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var hour) || hour is < 0 or > 23)
        {
            throw ApiException.Validation(field, $"{field} must be an integer hour from 0 to 23 (UTC)");
        }
        return JsonValue.Create(hour);
    }

    private static JsonNode Number(JsonElement value, string field, double min, double max)
    {
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var number) || number < min || number > max)
        {
            throw ApiException.Validation(field, string.Create(CultureInfo.InvariantCulture, $"{field} must be a number from {min} to {max}"));
        }
        return JsonValue.Create(number);
    }

    private static JsonNode Text(JsonElement value, string field, int min, int max)
    {
        var text = value.ValueKind == JsonValueKind.String ? value.GetString()!.Trim() : null;
        if (text is null || text.Length < min || text.Length > max)
        {
            throw ApiException.Validation(field, $"{field} must be a string of {min} to {max} characters");
        }
        return JsonValue.Create(text);
    }

    private static JsonNode OneOf(JsonElement value, string field, IReadOnlyList<string> allowed)
    {
        var text = value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        if (text is null || !allowed.Contains(text, StringComparer.Ordinal))
        {
            throw ApiException.Validation(field, $"{field} must be one of: {string.Join(", ", allowed)}");
        }
        return JsonValue.Create(text);
    }

    private static JsonNode Symbol(JsonElement value, string field)
    {
        var info = value.ValueKind == JsonValueKind.String ? Symbols.Find(value.GetString()) : null;
        return info is null
            ? throw ApiException.Validation(field, $"{field} must be a supported symbol: {string.Join(", ", Symbols.All.Select(s => s.Symbol))}")
            : JsonValue.Create(info.Symbol);
    }
}
