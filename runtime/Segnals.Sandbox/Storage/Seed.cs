using System.Text.Json.Nodes;
using Segnals.Sandbox.Accounts;
using Segnals.Sandbox.Http;
using Segnals.Sandbox.Trading;

namespace Segnals.Sandbox.Storage;

/// <summary>
/// First-run data: the VIP demo user with bots in every state and a trade history, a second user "other"
/// (for tenant-isolation checks), marketplace sellers and their listings. Runs once per database; the
/// history is produced by the same simulation the API uses, so seeded trades match the price path.
/// </summary>
internal static class Seed
{
    public const string DemoUser = "demo";
    public const string OtherUser = "other";
    private const long DayMs = 24 * 60 * 60 * 1000L;

    public static void EnsureSeeded(Db db, BotLifecycle lifecycle, TimeSpan warmup, long nowMs)
    {
        if (db.Scalar("SELECT value FROM meta WHERE key = 'seeded'") is not null)
        {
            return;
        }
        if (Users.FindByName(db, DemoUser) is null)
        {
            SeedDemo(db, lifecycle, warmup, nowMs);
        }
        if (Users.FindByName(db, OtherUser) is null)
        {
            SeedOther(db, lifecycle, nowMs);
        }
        SeedMarketplace(db, nowMs);
        db.Execute("INSERT INTO meta (key, value) VALUES ('seeded', '1')");
    }

    private static void SeedDemo(Db db, BotLifecycle lifecycle, TimeSpan warmup, long now)
    {
        var demo = Users.Create(db, DemoUser, Tiers.Vip, now - (120 * DayMs), bybit: true, phemex: false, mt5: true, telegram: false, startingBalance: 10_000);
        db.Execute("UPDATE users SET subscription_ends_at = $2 WHERE id = $1", demo, now + (21 * DayMs));
        for (var month = 3; month >= 0; month--)
        {
            db.Execute("INSERT INTO payments (user_id, at, amount_usd, status) VALUES ($1, $2, 79, 'paid')", demo, now - (9 * DayMs) - (month * 30 * DayMs));
        }
        var prefs = NotificationPreferences.Merge(NotificationPreferences.DefaultJson, System.Text.Json.JsonDocument.Parse(
            """{"performance_alerts":{"enabled":true,"threshold_pnl_usd":250},"custom_alerts":[{"name":"BTC above 70k","symbol":"BTCUSDT","condition":"price_above","value":70000,"enabled":true}]}""").RootElement);
        db.Execute("UPDATE users SET notification_prefs = $2 WHERE id = $1", demo, prefs.ToJson());
        var followers = new JsonArray(
            new JsonObject { ["name"] = "follower_anna", ["exchange"] = "bybit", ["since"] = JsonWriting.Iso(now - (20 * DayMs)), ["allocation_usd"] = 500 },
            new JsonObject { ["name"] = "quiet_quant", ["exchange"] = "bybit", ["since"] = JsonWriting.Iso(now - (6 * DayMs)), ["allocation_usd"] = 1200 });
        db.Execute("UPDATE copy_trading SET enabled_exchanges = '[\"bybit\"]', followers = $2, updated_at = $3 WHERE user_id = $1", demo, followers.ToJson(), now);

        // Running, with an earlier run in its history.
        var btc = NewBot(db, demo, "BTC Trend Rider", "bybit", "BTCUSDT", now - (45 * DayMs), new() { ["timeframe"] = "15m" });
        Run(db, lifecycle, btc, now - (40 * DayMs), now - (25 * DayMs));
        Start(db, lifecycle, btc, now - (3 * DayMs));

        // Stopped after a week of scalping.
        var eth = NewBot(db, demo, "ETH Scalper", "bybit", "ETHUSDT", now - (20 * DayMs),
            new() { ["timeframe"] = "5m", ["leverage"] = 10, ["stop_loss_pct"] = 1.0, ["take_profit_pct"] = 1.5 });
        Run(db, lifecycle, eth, now - (14 * DayMs), now - (6 * DayMs));

        // Running with martingale (the risky one).
        var gold = NewBot(db, demo, "Gold Swing", "mt5", "XAUUSD", now - (35 * DayMs),
            new() { ["timeframe"] = "1h", ["leverage"] = 20, ["martingale_enabled"] = true, ["martingale_multiplier"] = 1.5, ["max_martingale_steps"] = 3 });
        Run(db, lifecycle, gold, now - (30 * DayMs), now - (10 * DayMs));
        Start(db, lifecycle, gold, now - (6 * DayMs));

        // Error: Phemex is not connected on the demo account.
        var sol = NewBot(db, demo, "SOL Momentum", "phemex", "SOLUSDT", now - (2 * DayMs), new() { ["timeframe"] = "15m" });
        lifecycle.Start(db, Bots.Find(db, demo, sol)!, now - DayMs, exchangeConnected: false, resetLossStreak: false);

        // Warming up right now.
        var eur = NewBot(db, demo, "EURUSD Breakout", "mt5", "EURUSD", now - DayMs, new() { ["timeframe"] = "5m", ["stop_loss_pct"] = 0.5, ["take_profit_pct"] = 1.0 });
        Start(db, lifecycle, eur, now - ((long)warmup.TotalMilliseconds / 2));

        SeedListing(db, demo, "Demo Gold Swing", "Hourly gold swing strategy with a gentle martingale. The demo account's own listing.",
            "mt5", "XAUUSD", 39, 4.4, 17.9, 11.2, "high", "live", now - (15 * DayMs),
            new() { ["timeframe"] = "1h", ["leverage"] = 20, ["martingale_enabled"] = true, ["martingale_multiplier"] = 1.5 }, sales: 3, revenue: 117, sourceBot: gold);
    }

    private static void SeedOther(Db db, BotLifecycle lifecycle, long now)
    {
        var other = Users.Create(db, OtherUser, Tiers.Pro, now - (60 * DayMs), bybit: true, phemex: true, mt5: false, telegram: true, startingBalance: 5_000);
        var bot = NewBot(db, other, "Other's BTC Bot", "bybit", "BTCUSDT", now - (10 * DayMs), new() { ["leverage"] = 3 });
        Start(db, lifecycle, bot, now - (2 * DayMs));
    }

    private static void SeedMarketplace(Db db, long now)
    {
        long Seller(string name) => Users.FindByName(db, name)?.Id
            ?? Users.Create(db, name, Tiers.Vip, now - (365 * DayMs), bybit: true, phemex: true, mt5: true, telegram: false, startingBalance: 25_000);

        SeedListing(db, Seller("quantfox"), "BTC Trend Rider Pro", "Trend-following Bitcoin strategy on 15-minute bars with a 2% stop and 4% target. Moderate leverage, no martingale.",
            "bybit", "BTCUSDT", 49, 4.7, 38.2, 12.5, "medium", "live", now - (200 * DayMs), new() { ["leverage"] = 5, ["timeframe"] = "15m" });
        SeedListing(db, Seller("alpha_grid"), "ETH Grid Lite", "A conservative Ether strategy for beginners: low leverage, tight risk, small size.",
            "bybit", "ETHUSDT", 0, 4.2, 12.4, 6.1, "low", "backtest", now - (150 * DayMs), new() { ["leverage"] = 2, ["timeframe"] = "1h", ["stop_loss_pct"] = 1.5, ["take_profit_pct"] = 3.0 });
        SeedListing(db, Seller("mt5_maestro"), "Gold Night Session", "Trades gold during the Asian session on hourly bars. Built for MetaTrader 5 brokers.",
            "mt5", "XAUUSD", 79, 4.5, 22.8, 9.3, "medium", "live", now - (120 * DayMs), new() { ["leverage"] = 30, ["timeframe"] = "1h" });
        SeedListing(db, Seller("steady_eddie"), "EURUSD Steady Carry", "Slow and steady euro-dollar strategy on 4-hour bars. Small, frequent gains.",
            "mt5", "EURUSD", 0, 3.9, 6.5, 2.8, "low", "live", now - (90 * DayMs), new() { ["leverage"] = 10, ["timeframe"] = "4h", ["stop_loss_pct"] = 0.5, ["take_profit_pct"] = 1.0 });
        SeedListing(db, Seller("sol_surfer"), "SOL Breakout Hunter", "Aggressive Solana breakout strategy with martingale recovery. High return, deep drawdowns.",
            "phemex", "SOLUSDT", 29, 4.1, 64.0, 31.5, "high", "backtest", now - (60 * DayMs),
            new() { ["leverage"] = 15, ["timeframe"] = "15m", ["martingale_enabled"] = true, ["martingale_multiplier"] = 2.0, ["max_martingale_steps"] = 4 });
        SeedListing(db, Seller("volatility_viking"), "XRP Mean Reversion", "Buys XRP dips and sells rips on 5-minute bars, with RSI and Bollinger filters.",
            "phemex", "XRPUSDT", 0, 3.6, 18.9, 14.2, "medium", "backtest", now - (45 * DayMs), new() { ["leverage"] = 5, ["timeframe"] = "5m" });
        SeedListing(db, Seller("volatility_viking"), "Martingale Madness BTC", "High-leverage Bitcoin martingale. Spectacular months and terrible ones: for experienced traders only.",
            "bybit", "BTCUSDT", 19, 3.2, 91.3, 48.7, "high", "live", now - (20 * DayMs),
            new() { ["leverage"] = 25, ["timeframe"] = "5m", ["stop_loss_pct"] = 0, ["martingale_enabled"] = true, ["martingale_multiplier"] = 2.5, ["max_martingale_steps"] = 5 });
        SeedListing(db, Seller("quantfox"), "BTC Scalper (in review)", "Not yet approved: must not be visible to buyers.",
            "bybit", "BTCUSDT", 15, null, 8.0, 4.0, "medium", "none", now - (2 * DayMs), new() { ["timeframe"] = "1m" }, status: "pending_review");
    }

    private static void SeedListing(
        Db db, long seller, string title, string description, string exchange, string symbol, double price, double? rating,
        double returnPct, double drawdownPct, string risk, string perfSource, long createdAt, Dictionary<string, JsonNode> overrides,
        string status = "approved", long sales = 0, double revenue = 0, long? sourceBot = null)
    {
        var config = StrategySchema.Defaults(exchange);
        foreach (var (key, value) in overrides)
        {
            config[key] = value.DeepClone();
        }
        const int months = 6;
        var monthly = new JsonArray();
        var seed = PricePath.Mix((ulong)title.Length * 7919UL + (ulong)title[0]);
        for (var i = 0; i < months; i++)
        {
            var share = returnPct / months;
            var noise = (PricePath.Hash01(seed, i) - 0.5) * Math.Max(1, drawdownPct / 2);
            monthly.Add((JsonNode)Math.Round(share + noise, 2));
        }
        var winRate = Math.Round(45 + (PricePath.Hash01(seed, 99) * 20), 1);
        var performance = new JsonObject
        {
            ["return_pct"] = returnPct,
            ["max_drawdown_pct"] = drawdownPct,
            ["win_rate"] = winRate,
            ["total_trades"] = 80 + (int)(PricePath.Hash01(seed, 7) * 400),
            ["months"] = months,
            ["monthly_returns_pct"] = monthly,
            ["note"] = "Sandbox listing: simulated performance.",
        };
        db.Execute(
            """
            INSERT INTO listings (slug, seller_user_id, title, description, exchange, symbol, price_usd, rating, return_pct, max_drawdown_pct, risk,
                                  perf_source, performance, config, status, source_bot_id, sales, revenue_usd, created_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)
            """,
            Endpoints.MarketplaceEndpoints.Slugify(title), seller, title, description, exchange, symbol, price, rating, returnPct, drawdownPct, risk,
            perfSource, performance.ToJson(), config.ToJson(), status, sourceBot, sales, revenue, createdAt);
    }

    private static long NewBot(Db db, long userId, string name, string exchange, string symbol, long createdAt, Dictionary<string, JsonNode> overrides)
    {
        var config = StrategySchema.Defaults(exchange);
        foreach (var (key, value) in overrides)
        {
            config[key] = value.DeepClone();
        }
        var id = Bots.Insert(db, userId, name, exchange, symbol, config.ToJson(), createdAt);
        Bots.Log(db, id, createdAt, "info", $"Created: {BotLifecycle.ExchangeName(exchange)} {symbol}, stopped");
        return id;
    }

    private static void Start(Db db, BotLifecycle lifecycle, long botId, long at)
    {
        var bot = db.Scalar("SELECT user_id FROM bots WHERE id = $1", botId) is long user ? Bots.Find(db, user, botId)! : throw new InvalidOperationException("seed bot missing");
        lifecycle.Start(db, bot, at, exchangeConnected: true, resetLossStreak: false);
    }

    /// <summary>A past run: started at <paramref name="from"/>, simulated, stopped at <paramref name="to"/>.</summary>
    private static void Run(Db db, BotLifecycle lifecycle, long botId, long from, long to)
    {
        Start(db, lifecycle, botId, from);
        var user = (long)db.Scalar("SELECT user_id FROM bots WHERE id = $1", botId)!;
        lifecycle.Stop(db, Bots.Find(db, user, botId)!, to);
    }
}
