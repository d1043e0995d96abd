using System.Net;
using System.Text.Json;
using Segnals.Sandbox.Tests.Infrastructure;
using Xunit;

namespace Segnals.Sandbox.Tests;

/// <summary>Every endpoint of reference/rest-api.md answers 200 for the demo account with the documented fields.</summary>
public sealed class ContractTests(SharedSandbox shared) : IClassFixture<SharedSandbox>
{
    public static TheoryData<string, string> Reads => new()
    {
        { "user/me", "id username email tier is_admin is_frozen subscription_ends_at trial_expires_at language has_completed_onboarding" },
        { "keys/self", "key_id label prefix scopes created_at expires_at rate_limit_per_minute" },
        { "user/billing", "plan tier status renews_at bot_limit bots_used payments" },
        { "user/connections-status", "connections" },
        { "bots/dashboard", "total_pnl win_rate active_bots total_bots total_trades equity_curve" },
        { "stats/pnl", "period from to net_pnl account_gain_pct win_rate wins losses max_drawdown_pct active_bots top_performer" },
        { "stats/pnl?period=year", "period from to net_pnl account_gain_pct win_rate wins losses max_drawdown_pct active_bots top_performer" },
        { "bots/1/performance", "bot_id net_pnl win_rate total_trades drawdown" },
        { "bots/trades", "trades total" },
        { "bots/trades?bot_id=1&limit=5&offset=1", "trades total" },
        { "bots/", "bots" },
        { "bots/?status=running", "bots" },
        { "bots/1", "bot" },
        { "bots/1/logs", "logs" },
        { "bots/1/logs?limit=5", "logs" },
        { "strategies/schema?exchange=bybit", "exchange parameters" },
        { "strategies/schema?exchange=mt5", "exchange parameters" },
        { "marketplace", "listings total page per_page" },
        { "marketplace?page=1&per_page=3&exchange=bybit&query=btc&sort=newest&max_risk=high", "listings total page per_page" },
        { "marketplace/2", "id title description seller_name exchange price_usd perf_source performance" },
        { "marketplace/me/sales", "listings" },
        { "copy-trading/", "enabled_exchanges followers status" },
        { "newsfeed", "items" },
        { "newsfeed?symbol=ETHUSDT&limit=3", "items" },
        { "market/sentiment?symbol=BTCUSDT", "symbol score label sources as_of" },
        { "market/price?symbol=EURUSD", "symbol price change_24h_pct as_of" },
        { "knowledge/search?q=stop-loss&limit=3", "results" },
        { "user/notification-preferences", "preferences" },
    };

    [Theory]
    [MemberData(nameof(Reads))]
    public async Task Read_endpoints_answer_200_with_the_documented_fields(string path, string fields)
    {
        var response = await shared.Demo.GetAsync(path);

        Assert.True(response.Status == HttpStatusCode.OK, $"{path}: {response}");
        Assert.Equal("application/json; charset=utf-8", response.ContentType);
        foreach (var field in fields.Split(' '))
        {
            Assert.True(response.Json.TryGetProperty(field, out _), $"{path} lacks '{field}': {response.Raw}");
        }
    }

    [Fact]
    public async Task Nested_shapes_match_the_contract()
    {
        var demo = shared.Demo;
        AssertFields((await demo.GetAsync("user/connections-status"))["connections"], "mt5 bybit phemex telegram");
        Assert.All((await demo.GetAsync("user/connections-status"))["connections"].EnumerateObject(), p => Assert.True(p.Value.ValueKind is JsonValueKind.True or JsonValueKind.False));
        AssertFields((await demo.GetAsync("user/billing"))["payments"][0], "date amount_usd status");
        var dashboard = await demo.GetAsync("bots/dashboard");
        Assert.Equal(30, dashboard["equity_curve"].GetArrayLength());
        AssertFields(dashboard["equity_curve"][0], "date equity");
        AssertFields((await demo.GetAsync("stats/pnl?period=all"))["top_performer"], "bot_id name net_pnl");
        AssertFields((await demo.GetAsync("bots/trades"))["trades"][0], "id bot_id symbol side entry_price exit_price quantity pnl opened_at closed_at");
        AssertFields((await demo.GetAsync("bots/"))["bots"][0], "id name exchange status symbol timeframe created_at");
        var bot = (await demo.GetAsync("bots/1"))["bot"];
        AssertFields(bot, "id name exchange status symbol timeframe created_at config user_id");
        AssertFields(bot.GetProperty("config"), "leverage stop_loss_pct take_profit_pct order_size_usd timeframe martingale_enabled martingale_multiplier max_martingale_steps");
        AssertFields((await demo.GetAsync("bots/1/logs"))["logs"][0], "at level message");
        var schema = await demo.GetAsync("strategies/schema?exchange=phemex");
        var parameters = schema["parameters"].EnumerateArray().ToList();
        Assert.All(parameters, p => AssertFields(p, "key type default min max enum description risk"));
        Assert.Equal(
            ["leverage", "stop_loss_pct", "take_profit_pct", "order_size_usd", "timeframe", "martingale_enabled", "martingale_multiplier", "max_martingale_steps"],
            parameters.Select(p => p.GetProperty("key").GetString()!).ToArray());
        Assert.Equal(100, parameters[0].GetProperty("max").GetInt32());
        Assert.Equal(500, (await demo.GetAsync("strategies/schema?exchange=mt5"))["parameters"][0].GetProperty("max").GetInt32());
        Assert.Equal(JsonValueKind.String, parameters.Single(p => p.GetProperty("key").GetString() == "martingale_enabled").GetProperty("risk").ValueKind);
        AssertFields((await demo.GetAsync("marketplace"))["listings"][0], "id title seller_name exchange symbol price_usd rating return_pct max_drawdown_pct risk");
        AssertFields((await demo.GetAsync("marketplace/me/sales"))["listings"][0], "id title status price_usd sales revenue_usd");
        AssertFields((await demo.GetAsync("newsfeed"))["items"][0], "id at title source symbols summary");
        AssertFields((await demo.GetAsync("knowledge/search?q=leverage"))["results"][0], "title path snippet score");
        AssertFields((await demo.GetAsync("user/notification-preferences"))["preferences"], "system_reminders daily_report performance_alerts weekly_summary custom_alerts");
        AssertFields((await demo.GetAsync("user/notification-preferences"))["preferences"].GetProperty("daily_report"), "enabled hour_utc");
        AssertFields((await demo.GetAsync("user/notification-preferences"))["preferences"].GetProperty("performance_alerts"), "enabled threshold_pnl_usd");
        AssertFields((await demo.GetAsync("user/notification-preferences"))["preferences"].GetProperty("weekly_summary"), "enabled day hour_utc");
    }

    [Fact]
    public async Task Write_endpoints_answer_200_with_the_documented_fields()
    {
        var demo = shared.Demo;
        var create = await Ok(demo.PostAsync("bots/create", """{"exchange":"mt5","name":"Contract","symbol":"GBPUSD","client":"mcp"}"""), "msg bot_id");
        var bot = create.Long("bot_id");
        await Ok(demo.PutAsync($"bots/{bot}", """{"name":"Contract 2","config":{"leverage":50},"client":"mcp"}"""), "msg");
        await Ok(demo.PutAsync($"bots/{bot}/filters/bollinger", """{"enabled":true,"params":{"std_dev":2.5},"client":"mcp"}"""), "msg filters");
        await Ok(demo.PostAsync($"bots/{bot}/control", """{"action":"start","client":"mcp"}"""), "status msg");
        await Ok(demo.PostAsync($"bots/{bot}/control", """{"action":"restart","client":"mcp"}"""), "status msg");
        await Ok(demo.PostAsync($"bots/{bot}/control", """{"action":"stop","client":"mcp"}"""), "status msg");
        await Ok(demo.DeleteAsync($"bots/{bot}"), "msg");
        var strategy = await Ok(demo.PostAsync("strategies", """{"exchange":"bybit","name":"Strategy","symbol":"ETHUSDT","config":{"stop_loss_pct":1.5},"client":"mcp"}"""), "msg bot_id");
        await Ok(demo.PostAsync("marketplace/listings", $$"""{"source_bot_id":{{strategy.Long("bot_id")}},"title":"T","description":"D","price_usd":0,"seller_terms_version":"v1","client":"mcp"}"""), "msg listing_id");
        var listings = (await demo.GetAsync("marketplace?per_page=50"))["listings"].EnumerateArray().Where(l => l.GetProperty("seller_name").GetString() != "demo").ToList();
        var free = listings.First(l => l.GetProperty("price_usd").GetDouble() == 0).GetProperty("id").GetInt64();
        var paid = listings.First(l => l.GetProperty("price_usd").GetDouble() > 0).GetProperty("id").GetInt64();
        await Ok(demo.PostAsync($"marketplace/{free}/copy", """{"disclaimer_version":"v1","client":"mcp"}"""), "msg bot_id status");
        await Ok(demo.PostAsync($"marketplace/{paid}/copy", """{"disclaimer_version":"v1","client":"mcp"}"""), "msg status invoice_url payment_id");
        await Ok(demo.PostAsync("copy-trading/control", """{"action":"stop","exchange":"bybit","client":"mcp"}"""), "status msg");
        await Ok(demo.PostAsync("copy-trading/control", """{"action":"start","exchange":"bybit","client":"mcp"}"""), "status msg");
        await Ok(demo.PostAsync("user/notification-preferences", """{"preferences":{"system_reminders":true},"client":"mcp"}"""), "msg preferences");

        // Every one of those writes is in the audit log with its key and status.
        var audit = await shared.Sandbox.Host.GetAuditLogAsync(500);
        Assert.Contains(audit, a => a.Method == "DELETE" && a.Path == $"/api/bots/{bot}" && a.StatusCode == 200 && a.KeyId is not null);
        Assert.Contains(audit, a => a.Method == "PUT" && a.Path == $"/api/bots/{bot}/filters/bollinger");
        Assert.Contains(audit, a => a.Method == "POST" && a.Path == "/api/user/notification-preferences");
    }

    private static async Task<ApiResponse> Ok(Task<ApiResponse> call, string fields)
    {
        var response = await call;
        Assert.True(response.Status == HttpStatusCode.OK, response.ToString());
        AssertFields(response.Json, fields);
        return response;
    }

    private static void AssertFields(JsonElement element, string fields)
    {
        foreach (var field in fields.Split(' '))
        {
            Assert.True(element.TryGetProperty(field, out _), $"missing '{field}' in {element.GetRawText()}");
        }
    }
}
