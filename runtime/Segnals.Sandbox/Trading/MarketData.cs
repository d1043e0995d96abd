using System.Globalization;

namespace Segnals.Sandbox.Trading;

internal readonly record struct NewsItem(string Id, long At, string Title, string Source, string Symbol, string Summary);

/// <summary>
/// Market views derived from the price path: 24-hour change, momentum sentiment and a synthetic newsfeed
/// (one item per symbol every four hours describing the move). Everything is labelled as simulated.
/// </summary>
internal static class MarketData
{
    private const long MinuteMs = 60_000;
    private const long DayMs = 1440 * MinuteMs;
    private const long SlotMs = 4 * 60 * MinuteMs;
    private const int SlotsKept = 12;
    private static readonly string[] Sources = ["Segnals Sandbox Wire", "Paper Markets Daily", "Simulated Desk"];

    public static double Price(SymbolInfo symbol, long nowMs) => PricePath.AtTime(symbol, nowMs);

    public static double ChangePct(SymbolInfo symbol, long nowMs, long spanMs)
    {
        var now = PricePath.AtTime(symbol, nowMs);
        var then = PricePath.AtTime(symbol, nowMs - spanMs);
        return (now - then) / then * 100.0;
    }

    public static (double High, double Low) Range24h(SymbolInfo symbol, long nowMs)
    {
        var last = PricePath.MinuteOf(nowMs);
        double high = double.MinValue, low = double.MaxValue;
        for (var m = last - 1439; m <= last; m++)
        {
            var p = PricePath.At(symbol, m);
            high = Math.Max(high, p);
            low = Math.Min(low, p);
        }
        var current = PricePath.AtTime(symbol, nowMs);
        return (Math.Max(high, current), Math.Min(low, current));
    }

    /// <summary>Momentum sentiment in -1..1: mostly the 24 h move, partly the 4 h move, scaled by how much the asset usually moves.</summary>
    public static (double Score, string Label) Sentiment(SymbolInfo symbol, long nowMs)
    {
        var scale = symbol.Class switch
        {
            AssetClass.Crypto => 4.0,
            AssetClass.Gold => 1.2,
            _ => 0.4,
        };
        var day = ChangePct(symbol, nowMs, DayMs) / scale;
        var fourHours = ChangePct(symbol, nowMs, SlotMs) / (scale / 2.5);
        var score = Math.Round(Math.Tanh((0.6 * day) + (0.4 * fourHours)), 2);
        var label = score > 0.2 ? "bullish" : score < -0.2 ? "bearish" : "neutral";
        return (score, label);
    }

    public static List<NewsItem> News(SymbolInfo? only, long nowMs, int limit)
    {
        var items = new List<NewsItem>();
        var latestSlot = nowMs - (nowMs % SlotMs);
        for (var i = 0; i < SlotsKept && items.Count < limit; i++)
        {
            var at = latestSlot - (i * SlotMs);
            foreach (var symbol in Symbols.All)
            {
                if (only is not null && only != symbol)
                {
                    continue;
                }
                items.Add(Describe(symbol, at));
                if (items.Count >= limit)
                {
                    break;
                }
            }
        }
        return items;
    }

    private static NewsItem Describe(SymbolInfo symbol, long at)
    {
        var from = PricePath.AtTime(symbol, at - SlotMs);
        var to = PricePath.AtTime(symbol, at);
        var pct = (to - from) / from * 100.0;
        var slot = at / SlotMs;
        var pick = (int)(PricePath.Hash01(PricePath.Mix((ulong)symbol.Symbol.Length * 31UL + symbol.Symbol[0]), slot) * 3);
        var quiet = symbol.Class == AssetClass.Forex ? 0.05 : symbol.Class == AssetClass.Gold ? 0.2 : 0.6;
        var verb = pct switch
        {
            _ when Math.Abs(pct) < quiet => pick switch { 0 => "holds steady", 1 => "trades flat", _ => "drifts sideways" },
            > 0 when pct > quiet * 4 => pick switch { 0 => "surges", 1 => "rallies sharply", _ => "jumps" },
            > 0 => pick switch { 0 => "climbs", 1 => "edges higher", _ => "gains" },
            _ when pct < -quiet * 4 => pick switch { 0 => "tumbles", 1 => "sells off", _ => "drops sharply" },
            _ => pick switch { 0 => "slips", 1 => "edges lower", _ => "softens" },
        };
        var title = string.Create(CultureInfo.InvariantCulture, $"{symbol.DisplayName} ({symbol.Symbol}) {verb}, {pct:+0.00;-0.00;0.00}% in four hours");
        var summary = string.Create(CultureInfo.InvariantCulture,
            $"{symbol.Symbol} moved from {symbol.Round(from)} to {symbol.Round(to)} over the four hours to {DateTimeOffset.FromUnixTimeMilliseconds(at).UtcDateTime:HH:mm} UTC. Simulated sandbox market news, generated from the paper-trading price path; not real market data.");
        return new NewsItem(string.Create(CultureInfo.InvariantCulture, $"{symbol.Symbol.ToLowerInvariant()}-{slot}"), at, title, Sources[pick], symbol.Symbol, summary);
    }
}
