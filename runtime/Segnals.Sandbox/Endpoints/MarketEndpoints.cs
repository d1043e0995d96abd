using Segnals.Sandbox.Http;
using Segnals.Sandbox.Trading;

namespace Segnals.Sandbox.Endpoints;

/// <summary>Newsfeed, sentiment and price, all from the sandbox's simulated market.</summary>
internal static class MarketEndpoints
{
    public static ApiResult News(ApiRequest request)
    {
        var symbol = OptionalSymbol(request);
        var limit = request.QueryInt("limit", 1, 50, 10);
        var items = MarketData.News(symbol, request.NowMs, limit);
        return ApiResult.Ok(items, static (w, list) =>
        {
            w.WriteStartArray("items");
            foreach (var item in list)
            {
                w.WriteStartObject();
                w.WriteString("id", item.Id);
                w.WriteTime("at", item.At);
                w.WriteString("title", item.Title);
                w.WriteString("source", item.Source);
                w.WriteStartArray("symbols");
                w.WriteStringValue(item.Symbol);
                w.WriteEndArray();
                w.WriteString("summary", item.Summary);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        });
    }

    public static ApiResult Sentiment(ApiRequest request)
    {
        var symbol = RequiredSymbol(request);
        var (score, label) = MarketData.Sentiment(symbol, request.NowMs);
        return ApiResult.Ok((symbol, score, label, request.NowMs), static (w, s) =>
        {
            w.WriteString("symbol", s.symbol.Symbol);
            w.WriteNumber("score", s.score);
            w.WriteString("label", s.label);
            w.WriteStartArray("sources");
            w.WriteStringValue("price_momentum_24h");
            w.WriteStringValue("price_momentum_4h");
            w.WriteEndArray();
            w.WriteTime("as_of", s.NowMs);
            w.WriteBoolean("simulated", true);
        });
    }

    public static ApiResult Price(ApiRequest request)
    {
        var symbol = RequiredSymbol(request);
        var now = request.NowMs;
        var price = MarketData.Price(symbol, now);
        var change = MarketData.ChangePct(symbol, now, 24 * 60 * 60 * 1000L);
        var (high, low) = MarketData.Range24h(symbol, now);
        return ApiResult.Ok((symbol, price, change, high, low, now), static (w, s) =>
        {
            w.WriteString("symbol", s.symbol.Symbol);
            w.WriteNumber("price", s.symbol.Round(s.price));
            w.WriteRounded("change_24h_pct", s.change, 2);
            w.WriteTime("as_of", s.now);
            w.WriteNumber("high_24h", s.symbol.Round(s.high));
            w.WriteNumber("low_24h", s.symbol.Round(s.low));
            w.WriteBoolean("simulated", true);
        });
    }

    private static SymbolInfo RequiredSymbol(ApiRequest request) =>
        OptionalSymbol(request) ?? throw ApiException.Validation("symbol", "symbol is required, e.g. BTCUSDT");

    private static SymbolInfo? OptionalSymbol(ApiRequest request)
    {
        var text = request.Query("symbol");
        if (text is null)
        {
            return null;
        }
        return Symbols.Find(text) ?? throw ApiException.Validation("symbol",
            $"Unknown symbol '{text}'; supported: {string.Join(", ", Symbols.All.Select(s => s.Symbol))}.");
    }
}
