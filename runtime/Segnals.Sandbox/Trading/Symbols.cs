namespace Segnals.Sandbox.Trading;

internal enum AssetClass
{
    Crypto,
    Forex,
    Gold,
}

/// <summary>A tradable symbol: where its simulated price starts, how much it moves, how it is shown.</summary>
internal sealed record SymbolInfo(
    string Symbol,
    string DisplayName,
    AssetClass Class,
    double BasePrice,
    double VolatilityPerMinute,
    int Decimals,
    double FeeRate)
{
    public double Round(double price) => Math.Round(price, Decimals, MidpointRounding.AwayFromZero);
}

/// <summary>The symbols the sandbox trades and which exchange offers which.</summary>
internal static class Symbols
{
    public static readonly IReadOnlyList<SymbolInfo> All =
    [
        // Volatility per minute: crypto ~3–4 % a day, gold ~1 %, forex ~0.3 %.
        new("BTCUSDT", "Bitcoin", AssetClass.Crypto, 65000, 0.00090, 2, 0.00055),
        new("ETHUSDT", "Ether", AssetClass.Crypto, 3200, 0.00110, 2, 0.00055),
        new("SOLUSDT", "Solana", AssetClass.Crypto, 150, 0.00140, 3, 0.00055),
        new("XRPUSDT", "XRP", AssetClass.Crypto, 0.60, 0.00120, 4, 0.00055),
        new("EURUSD", "Euro", AssetClass.Forex, 1.09, 0.00008, 5, 0.00002),
        new("GBPUSD", "Pound sterling", AssetClass.Forex, 1.27, 0.00009, 5, 0.00002),
        new("USDJPY", "Dollar-yen", AssetClass.Forex, 150.0, 0.00008, 3, 0.00002),
        new("XAUUSD", "Gold", AssetClass.Gold, 2350, 0.00025, 2, 0.00005),
    ];

    public static readonly IReadOnlyList<string> Exchanges = ["bybit", "phemex", "mt5"];

    public static SymbolInfo? Find(string? symbol)
    {
        if (symbol is null)
        {
            return null;
        }
        foreach (var info in All)
        {
            if (string.Equals(info.Symbol, symbol, StringComparison.OrdinalIgnoreCase))
            {
                return info;
            }
        }
        return null;
    }

    public static bool IsExchange(string? exchange) => exchange is "bybit" or "phemex" or "mt5";

    public static string DefaultSymbol(string exchange) => exchange switch
    {
        "phemex" => "ETHUSDT",
        "mt5" => "EURUSD",
        _ => "BTCUSDT",
    };

    /// <summary>Crypto exchanges list USDT pairs; MT5 brokers list forex and gold.</summary>
    public static bool IsListedOn(SymbolInfo symbol, string exchange) => exchange switch
    {
        "mt5" => symbol.Class is AssetClass.Forex or AssetClass.Gold,
        _ => symbol.Class is AssetClass.Crypto,
    };

    public static IEnumerable<string> ListedOn(string exchange) => All.Where(s => IsListedOn(s, exchange)).Select(s => s.Symbol);
}
