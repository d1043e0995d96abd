using System.Net;
using System.Text.Json;
using Segnals.Sandbox.Tests.Infrastructure;
using Segnals.Sandbox.Trading;
using Xunit;

namespace Segnals.Sandbox.Tests;

public sealed class SimulationTests
{
    [Fact]
    public async Task A_running_bot_trades_as_time_passes_and_every_figure_agrees_with_its_trades()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var client = await sandbox.DemoAsync();
        var bot = await client.CreateBotAsync("bybit", "BTCUSDT", "Watcher");
        await client.PutAsync($"bots/{bot}", """{"config":{"timeframe":"5m","stop_loss_pct":0.5,"take_profit_pct":0.8,"leverage":10}}""");
        var dashboardBefore = await client.GetAsync("bots/dashboard");
        await client.PostAsync($"bots/{bot}/control", """{"action":"start"}""");
        sandbox.SkipWarmup();
        Assert.Equal(0, (await client.GetAsync($"bots/trades?bot_id={bot}")).Long("total"));

        sandbox.Clock.Advance(TimeSpan.FromDays(2));

        var trades = await AllTradesAsync(client, bot);
        Assert.True(trades.Count >= 5, $"expected trades after two days, got {trades.Count}");
        Assert.All(trades, t =>
        {
            Assert.Equal("BTCUSDT", t.GetProperty("symbol").GetString());
            Assert.Contains(t.GetProperty("side").GetString(), new[] { "long", "short" });
            Assert.True(t.GetProperty("quantity").GetDouble() > 0);
            Assert.True(DateTimeOffset.Parse(t.GetProperty("closed_at").GetString()!, System.Globalization.CultureInfo.InvariantCulture) >=
                        DateTimeOffset.Parse(t.GetProperty("opened_at").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
        });
        var sum = Math.Round(trades.Sum(t => t.GetProperty("pnl").GetDouble()), 2);
        var wins = trades.Count(t => t.GetProperty("pnl").GetDouble() > 0);

        var performance = await client.GetAsync($"bots/{bot}/performance");
        Assert.Equal(trades.Count, performance.Long("total_trades"));
        Assert.Equal(sum, performance.Num("net_pnl"), 2);
        Assert.Equal(Math.Round(100.0 * wins / trades.Count, 2), performance.Num("win_rate"), 2);
        Assert.True(performance.Num("drawdown") >= 0);

        // The seeded running bots traded too: the account figures cover them all, and agree with each other.
        var dashboard = await client.GetAsync("bots/dashboard");
        var allTrades = await client.GetAsync("bots/trades?limit=1");
        Assert.True(dashboard.Long("total_trades") >= dashboardBefore.Long("total_trades") + trades.Count);
        Assert.Equal(allTrades.Long("total"), dashboard.Long("total_trades"));
        var lifetime = await client.GetAsync("stats/pnl?period=all");
        Assert.Equal(dashboard.Num("total_pnl"), lifetime.Num("net_pnl"), 2);
        Assert.Equal(dashboard.Long("total_trades"), lifetime.Long("wins") + lifetime.Long("losses"));
        var curve = dashboard["equity_curve"].EnumerateArray().ToList();
        Assert.Equal(dashboard.Num("starting_balance") + dashboard.Num("total_pnl"), curve[^1].GetProperty("equity").GetDouble(), 1);

        var day = await client.GetAsync("stats/pnl?period=day");
        Assert.Equal("day", day.Str("period"));
        Assert.True(day.Long("wins") + day.Long("losses") > 0);

        var logs = (await client.GetAsync($"bots/{bot}/logs?limit=200"))["logs"].EnumerateArray().Select(l => l.GetProperty("message").GetString()!).ToList();
        Assert.Contains(logs, m => m.StartsWith("Opened", StringComparison.Ordinal));
        Assert.Contains(logs, m => m.StartsWith("Closed", StringComparison.Ordinal));
        Assert.Contains(logs, m => m.StartsWith("Warm-up complete", StringComparison.Ordinal));

        // Nothing more happens while time stands still; the next day brings more trades.
        Assert.Equal(trades.Count, (await client.GetAsync($"bots/trades?bot_id={bot}")).Long("total"));
        sandbox.Clock.Advance(TimeSpan.FromDays(1));
        Assert.True((await client.GetAsync($"bots/trades?bot_id={bot}")).Long("total") > trades.Count);
    }

    [Fact]
    public async Task A_stopped_bot_does_not_trade()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var client = await sandbox.DemoAsync();
        var bot = await client.CreateBotAsync("bybit", "XRPUSDT");
        await client.PostAsync($"bots/{bot}/control", """{"action":"start"}""");
        sandbox.SkipWarmup();
        sandbox.Clock.Advance(TimeSpan.FromHours(12));
        await client.PostAsync($"bots/{bot}/control", """{"action":"stop"}""");
        var atStop = (await client.GetAsync($"bots/trades?bot_id={bot}")).Long("total");
        Assert.Equal(JsonValueKind.Null, (await client.GetAsync($"bots/{bot}"))["bot"].GetProperty("open_position").ValueKind);

        sandbox.Clock.Advance(TimeSpan.FromDays(3));

        Assert.Equal(atStop, (await client.GetAsync($"bots/trades?bot_id={bot}")).Long("total"));
    }

    [Fact]
    public async Task Prices_move_with_the_clock_and_are_the_same_for_everyone()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var client = await sandbox.DemoAsync();
        var first = await client.GetAsync("market/price?symbol=BTCUSDT");
        var again = await client.GetAsync("market/price?symbol=btcusdt");
        Assert.Equal(first.Num("price"), again.Num("price"));

        sandbox.Clock.Advance(TimeSpan.FromMinutes(30));
        var later = await client.GetAsync("market/price?symbol=BTCUSDT");

        Assert.NotEqual(first.Num("price"), later.Num("price"));
        Assert.True(later.Num("price") > 0);
        Assert.Equal("BTCUSDT", later.Str("symbol"));

        await using var elsewhere = await TestSandbox.StartAsync(clock: new ManualTimeProvider(sandbox.Clock.GetUtcNow()));
        var other = await (await elsewhere.DemoAsync()).GetAsync("market/price?symbol=BTCUSDT");
        Assert.Equal(later.Num("price"), other.Num("price"));

        var sentiment = await client.GetAsync("market/sentiment?symbol=XAUUSD");
        var score = sentiment.Num("score");
        Assert.InRange(score, -1, 1);
        Assert.Equal(score > 0.2 ? "bullish" : score < -0.2 ? "bearish" : "neutral", sentiment.Str("label"));
    }

    [Fact]
    public void Volatility_follows_the_asset_class()
    {
        static double DailyMove(string symbol)
        {
            var info = Symbols.Find(symbol)!;
            var start = PricePath.MinuteOf(ManualTimeProvider.DefaultStart.ToUnixTimeMilliseconds());
            double total = 0;
            for (var day = 0; day < 60; day++)
            {
                var a = PricePath.At(info, start + (day * 1440L));
                var b = PricePath.At(info, start + ((day + 1) * 1440L));
                total += Math.Abs(Math.Log(b / a));
            }
            return total / 60;
        }

        var crypto = DailyMove("BTCUSDT");
        var gold = DailyMove("XAUUSD");
        var forex = DailyMove("EURUSD");
        Assert.True(crypto > gold && gold > forex, $"crypto {crypto:0.0000}, gold {gold:0.0000}, forex {forex:0.0000}");
    }

    [Fact]
    public void Leverage_scales_pnl_and_martingale_grows_size_after_a_loss()
    {
        var symbol = Symbols.Find("ETHUSDT")!;
        var from = PricePath.MinuteOf(ManualTimeProvider.DefaultStart.ToUnixTimeMilliseconds());
        BotConfig Config(int leverage, bool martingale) => new(leverage, 1.0, 2.0, 100, 5, martingale, 2.0, 3);

        List<ClosedTrade> Run(BotConfig config)
        {
            var trades = new List<ClosedTrade>();
            TradeSimulator.Run(new BotSimState { Cursor = from }, config, symbol, botId: 42, activeFromMinute: from, toMinute: from + (5 * 1440), trades, []);
            return trades;
        }

        var five = Run(Config(5, false));
        var ten = Run(Config(10, false));
        Assert.True(five.Count >= 5);
        Assert.Equal(five.Select(t => (t.Side, t.OpenedMinute, t.ClosedMinute)), ten.Select(t => (t.Side, t.OpenedMinute, t.ClosedMinute)));
        for (var i = 0; i < five.Count; i++)
        {
            Assert.Equal(five[i].Pnl * 2, ten[i].Pnl, 0.02);
        }

        var martingale = Run(Config(5, true));
        var sawGrowth = false;
        for (var i = 1; i < martingale.Count; i++)
        {
            var previousNotional = martingale[i - 1].Quantity * martingale[i - 1].EntryPrice;
            var notional = martingale[i].Quantity * martingale[i].EntryPrice;
            if (martingale[i - 1].Pnl < 0 && Math.Abs(notional - 500) > 1)
            {
                sawGrowth = true;
                Assert.True(notional > previousNotional * 1.9, $"after a loss the size should double: {previousNotional:0.00} -> {notional:0.00}");
            }
            if (martingale[i - 1].Pnl > 0)
            {
                Assert.Equal(500, notional, 1);
            }
        }
        Assert.True(sawGrowth, "expected at least one martingale step");
    }

    private static async Task<List<JsonElement>> AllTradesAsync(ApiClient client, long bot)
    {
        var all = new List<JsonElement>();
        for (var offset = 0; ; offset += 100)
        {
            var page = await client.GetAsync($"bots/trades?bot_id={bot}&limit=100&offset={offset}");
            Assert.Equal(HttpStatusCode.OK, page.Status);
            var items = page["trades"].EnumerateArray().ToList();
            all.AddRange(items);
            if (items.Count < 100)
            {
                return all;
            }
        }
    }
}
