using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Segnals.Sandbox.Http;

namespace Segnals.Sandbox.Trading;

/// <summary>One configurable key: its JSON type, default, range or allowed values, and a risk note.</summary>
internal sealed record ParameterSpec(
    string Key,
    string Type,
    JsonValue Default,
    double? Min,
    double? Max,
    IReadOnlyList<string>? Enum,
    string Description,
    string? Risk);

/// <summary>An indicator filter and the parameters it takes.</summary>
internal sealed record FilterSpec(string Type, string Description, IReadOnlyList<ParameterSpec> Parameters);

/// <summary>
/// The bot configuration schema: flat strategy keys, plus indicator filters under <c>filters</c>.
/// Validation names the offending key as the 422 field; merging is key by key over what is stored.
/// </summary>
internal static class StrategySchema
{
    public const string Integer = "integer";
    public const string Number = "number";
    public const string Boolean = "boolean";
    public const string String = "string";
    public const string FiltersKey = "filters";

    public static readonly IReadOnlyList<string> Timeframes = ["1m", "5m", "15m", "1h", "4h", "1d"];

    public static readonly IReadOnlyList<FilterSpec> Filters =
    [
        new("adx", "Trade only when the Average Directional Index shows a trend.",
        [
            Int("period", 14, 2, 100, "ADX look-back in bars."),
            Num("threshold", 25, 0, 100, "Minimum ADX for an entry."),
        ]),
        new("rsi", "Skip entries into overbought (long) or oversold (short) conditions.",
        [
            Int("period", 14, 2, 100, "RSI look-back in bars."),
            Num("overbought", 70, 50, 100, "RSI above which longs are skipped."),
            Num("oversold", 30, 0, 50, "RSI below which shorts are skipped."),
        ]),
        new("ema", "Trade only in the direction of the exponential moving average.",
        [
            Int("period", 50, 2, 500, "EMA length in bars."),
        ]),
        new("atr", "Skip entries when volatility (Average True Range) is unusually high.",
        [
            Int("period", 14, 2, 100, "ATR look-back in bars."),
            Num("multiplier", 1.5, 0.1, 10, "Entries are skipped above this multiple of the average ATR."),
        ]),
        new("bollinger", "Use Bollinger Bands to avoid entries at the band extremes.",
        [
            Int("period", 20, 2, 200, "Band length in bars."),
            Num("std_dev", 2, 0.5, 5, "Band width in standard deviations."),
        ]),
        new("ema_cross", "Enter only after a fast/slow EMA crossover in the trade's direction.",
        [
            Int("fast", 9, 2, 200, "Fast EMA length in bars (must be below slow)."),
            Int("slow", 21, 3, 500, "Slow EMA length in bars."),
        ]),
        new("bias_engine", "Higher-timeframe bias: trade with the trend, against it, or ignore it.",
        [
            Str("mode", "trend", ["trend", "reversal", "neutral"], "Which bias to follow."),
            Int("lookback", 100, 10, 500, "Bars used to judge the bias."),
        ]),
    ];

    private static readonly IReadOnlyList<ParameterSpec> CryptoParameters = Build(maxLeverage: 100, defaultLeverage: 5);
    private static readonly IReadOnlyList<ParameterSpec> Mt5Parameters = Build(maxLeverage: 500, defaultLeverage: 30);

    public static IReadOnlyList<ParameterSpec> For(string exchange) => exchange == "mt5" ? Mt5Parameters : CryptoParameters;

    public static FilterSpec? FindFilter(string type) => Filters.FirstOrDefault(f => f.Type == type);

    /// <summary>A complete config with every default, for a new bot on <paramref name="exchange"/>.</summary>
    public static JsonObject Defaults(string exchange)
    {
        var config = new JsonObject();
        foreach (var parameter in For(exchange))
        {
            config[parameter.Key] = parameter.Default.DeepClone();
        }
        return config;
    }

    /// <summary>
    /// Validates <paramref name="patch"/> against the schema and merges it into <paramref name="config"/> key by key.
    /// Throws a 422 naming the key when a key is unknown, mistyped or out of range; <paramref name="config"/> is
    /// left untouched on failure.
    /// </summary>
    public static void Merge(JsonObject config, JsonElement patch, string exchange)
    {
        if (patch.ValueKind != JsonValueKind.Object)
        {
            throw ApiException.Validation("config", "config must be an object");
        }
        var staged = (JsonObject)config.DeepClone();
        var parameters = For(exchange);
        foreach (var property in patch.EnumerateObject())
        {
            if (property.Name == FiltersKey)
            {
                MergeFilters(staged, property.Value, FiltersKey + ".");
                continue;
            }
            var spec = parameters.FirstOrDefault(p => p.Key == property.Name)
                ?? throw ApiException.Validation(property.Name, $"Unknown config key '{property.Name}'; allowed: {string.Join(", ", parameters.Select(p => p.Key))}, filters.");
            staged[property.Name] = Coerce(spec, property.Value, property.Name);
        }
        foreach (var (key, value) in staged.ToList())
        {
            staged.Remove(key);
            config[key] = value;
        }
    }

    /// <summary>Sets one filter (enabled flag and, optionally, params merged over what it had).</summary>
    public static void SetFilter(JsonObject config, string type, bool enabled, JsonElement? parameters)
    {
        var spec = FindFilter(type) ?? throw ApiException.Validation("type", $"Unknown filter type '{type}'; allowed: {string.Join(", ", Filters.Select(f => f.Type))}.");
        var filters = config[FiltersKey] as JsonObject ?? [];
        var current = filters[type] as JsonObject;
        var merged = new JsonObject { ["enabled"] = enabled, ["params"] = CurrentParams(spec, current) };
        if (parameters is { } patch)
        {
            MergeParams(spec, (JsonObject)merged["params"]!, patch, "params.");
        }
        filters[type] = merged;
        config[FiltersKey] = filters;
    }

    private static void MergeFilters(JsonObject config, JsonElement patch, string fieldPrefix)
    {
        if (patch.ValueKind != JsonValueKind.Object)
        {
            throw ApiException.Validation("filters", "filters must be an object keyed by filter type");
        }
        var filters = config[FiltersKey] as JsonObject ?? [];
        foreach (var entry in patch.EnumerateObject())
        {
            var field = fieldPrefix + entry.Name;
            var spec = FindFilter(entry.Name) ?? throw ApiException.Validation(field, $"Unknown filter type '{entry.Name}'; allowed: {string.Join(", ", Filters.Select(f => f.Type))}.");
            if (entry.Value.ValueKind != JsonValueKind.Object)
            {
                throw ApiException.Validation(field, $"{field} must be an object with enabled and params");
            }
            var current = filters[spec.Type] as JsonObject;
            var enabled = current?["enabled"]?.GetValue<bool>() ?? false;
            var parameters = CurrentParams(spec, current);
            foreach (var part in entry.Value.EnumerateObject())
            {
                switch (part.Name)
                {
                    case "enabled":
                        enabled = part.Value.ValueKind switch
                        {
                            JsonValueKind.True => true,
                            JsonValueKind.False => false,
                            _ => throw ApiException.Validation(field + ".enabled", $"{field}.enabled must be a boolean"),
                        };
                        break;
                    case "params":
                        MergeParams(spec, parameters, part.Value, field + ".params.");
                        break;
                    default:
                        throw ApiException.Validation(field + "." + part.Name, $"Unknown key '{part.Name}' in {field}; allowed: enabled, params.");
                }
            }
            filters[spec.Type] = new JsonObject { ["enabled"] = enabled, ["params"] = parameters };
        }
        config[FiltersKey] = filters;
    }

    private static JsonObject CurrentParams(FilterSpec spec, JsonObject? current)
    {
        if (current?["params"] is JsonObject existing)
        {
            return (JsonObject)existing.DeepClone();
        }
        var parameters = new JsonObject();
        foreach (var p in spec.Parameters)
        {
            parameters[p.Key] = p.Default.DeepClone();
        }
        return parameters;
    }

    private static void MergeParams(FilterSpec spec, JsonObject target, JsonElement patch, string fieldPrefix)
    {
        if (patch.ValueKind != JsonValueKind.Object)
        {
            throw ApiException.Validation(fieldPrefix.TrimEnd('.'), "params must be an object");
        }
        foreach (var property in patch.EnumerateObject())
        {
            var field = fieldPrefix + property.Name;
            var p = spec.Parameters.FirstOrDefault(x => x.Key == property.Name)
                ?? throw ApiException.Validation(field, $"Unknown parameter '{property.Name}' for filter {spec.Type}; allowed: {string.Join(", ", spec.Parameters.Select(x => x.Key))}.");
            target[p.Key] = Coerce(p, property.Value, field);
        }
        if (spec.Type == "ema_cross" && target["fast"]!.GetValue<long>() >= target["slow"]!.GetValue<long>())
        {
            throw ApiException.Validation(fieldPrefix + "fast", "ema_cross fast must be below slow");
        }
    }

    private static JsonValue Coerce(ParameterSpec spec, JsonElement value, string field)
    {
        switch (spec.Type)
        {
            case Boolean:
                return value.ValueKind switch
                {
                    JsonValueKind.True => JsonValue.Create(true),
                    JsonValueKind.False => JsonValue.Create(false),
                    _ => throw ApiException.Validation(field, $"{field} must be a boolean"),
                };
            case String:
                if (value.ValueKind != JsonValueKind.String || spec.Enum is null || !spec.Enum.Contains(value.GetString()!, StringComparer.Ordinal))
                {
                    throw ApiException.Validation(field, $"{field} must be one of: {string.Join(", ", spec.Enum ?? [])}");
                }
                return JsonValue.Create(value.GetString()!)!;
            default:
                if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var number) || !double.IsFinite(number))
                {
                    throw ApiException.Validation(field, $"{field} must be {(spec.Type == Integer ? "an integer" : "a number")}");
                }
                if (spec.Type == Integer && Math.Floor(number) != number)
                {
                    throw ApiException.Validation(field, $"{field} must be an integer");
                }
                // stop_loss_pct = 0 is the documented way to run without a stop-loss.
                var disabledStop = spec.Key == "stop_loss_pct" && number == 0;
                if (!disabledStop && ((spec.Min is { } min && number < min) || (spec.Max is { } max && number > max)))
                {
                    throw ApiException.Validation(field, $"{field} must be between {Format(spec.Min)} and {Format(spec.Max)}{(spec.Key == "stop_loss_pct" ? " (or 0 for no stop-loss)" : "")}");
                }
                return spec.Type == Integer ? JsonValue.Create((long)number) : JsonValue.Create(number);
        }
    }

    private static string Format(double? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";

    private static IReadOnlyList<ParameterSpec> Build(int maxLeverage, int defaultLeverage) =>
    [
        new("leverage", Integer, JsonValue.Create(defaultLeverage), 1, maxLeverage, null,
            "Position size multiplier applied to order_size_usd.",
            "Above 10x a small move against the position causes large losses; above 20x a 5% move can wipe out the margin."),
        new("stop_loss_pct", Number, JsonValue.Create(2.0), 0.1, 50, null,
            "Close a position when price moves this percent against it. 0 disables the stop-loss.",
            "0 (no stop-loss) leaves losses unbounded until take-profit or the maximum holding time."),
        new("take_profit_pct", Number, JsonValue.Create(4.0), 0.1, 100, null,
            "Close a position when price moves this percent in its favour.",
            null),
        new("order_size_usd", Number, JsonValue.Create(100.0), 10, 100000, null,
            "Margin per trade in USD; the position is order_size_usd × leverage.",
            "Exposure is order_size_usd × leverage, and martingale multiplies it further after losses."),
        new("timeframe", String, JsonValue.Create("15m")!, null, null, Timeframes,
            "Candle interval the strategy decides on.",
            null),
        new("martingale_enabled", Boolean, JsonValue.Create(false), null, null, null,
            "After a losing trade, multiply the next order size.",
            "Martingale grows exposure geometrically during a losing streak; combined with leverage it can drain an account quickly."),
        new("martingale_multiplier", Number, JsonValue.Create(2.0), 1, 3, null,
            "Size multiplier applied after each consecutive loss (when martingale is enabled).",
            "Each step multiplies the previous size: 2x over 3 steps is 8x the base order."),
        new("max_martingale_steps", Integer, JsonValue.Create(3), 0, 10, null,
            "Most consecutive losses the multiplier is applied for before sizing resets.",
            "More steps mean a larger worst-case position after a losing streak."),
    ];

    private static ParameterSpec Int(string key, long value, double min, double max, string description) =>
        new(key, Integer, JsonValue.Create(value), min, max, null, description, null);

    private static ParameterSpec Num(string key, double value, double min, double max, string description) =>
        new(key, Number, JsonValue.Create(value), min, max, null, description, null);

    private static ParameterSpec Str(string key, string value, IReadOnlyList<string> allowed, string description) =>
        new(key, String, JsonValue.Create(value)!, null, null, allowed, description, null);
}
