using System.Text.Json;

namespace Segnals.Sandbox.Trading;

/// <summary>The parts of a bot's stored config the simulation trades on, read once per catch-up.</summary>
internal readonly record struct BotConfig(
    int Leverage,
    double StopLossPct,
    double TakeProfitPct,
    double OrderSizeUsd,
    int TimeframeMinutes,
    bool MartingaleEnabled,
    double MartingaleMultiplier,
    int MaxMartingaleSteps)
{
    public static BotConfig Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        return new BotConfig(
            Leverage: (int)Number(root, "leverage", 1),
            StopLossPct: Number(root, "stop_loss_pct", 0),
            TakeProfitPct: Number(root, "take_profit_pct", 4),
            OrderSizeUsd: Number(root, "order_size_usd", 100),
            TimeframeMinutes: TimeframeMinutesOf(root.TryGetProperty("timeframe", out var tf) && tf.ValueKind == JsonValueKind.String ? tf.GetString() : null),
            MartingaleEnabled: root.TryGetProperty("martingale_enabled", out var m) && m.ValueKind == JsonValueKind.True,
            MartingaleMultiplier: Number(root, "martingale_multiplier", 2),
            MaxMartingaleSteps: (int)Number(root, "max_martingale_steps", 3));
    }

    public static int TimeframeMinutesOf(string? timeframe) => timeframe switch
    {
        "1m" => 1,
        "5m" => 5,
        "1h" => 60,
        "4h" => 240,
        "1d" => 1440,
        _ => 15,
    };

    /// <summary>Timeframe as stored in a config JSON text, for list views.</summary>
    public static string TimeframeOf(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.TryGetProperty("timeframe", out var tf) && tf.ValueKind == JsonValueKind.String ? tf.GetString()! : "15m";
    }

    private static double Number(JsonElement root, string name, double fallback) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : fallback;
}
