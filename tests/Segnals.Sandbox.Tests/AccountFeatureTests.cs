using System.Net;
using Segnals.Sandbox.Tests.Infrastructure;
using Xunit;

namespace Segnals.Sandbox.Tests;

public sealed class AccountFeatureTests
{
    [Fact]
    public async Task Notification_preferences_are_deep_merged()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var client = await sandbox.DemoAsync();
        var before = (await client.GetAsync("user/notification-preferences"))["preferences"];

        var set = await client.PostAsync("user/notification-preferences",
            """{"preferences":{"daily_report":{"hour_utc":5},"weekly_summary":{"day":"friday"},"custom_alerts":[{"symbol":"ETHUSDT","condition":"price_below","value":2000}]},"client":"mcp"}""");

        Assert.Equal(HttpStatusCode.OK, set.Status);
        var after = (await client.GetAsync("user/notification-preferences"))["preferences"];
        Assert.Equal(set["preferences"].GetRawText(), after.GetRawText());
        Assert.Equal(5, after.GetProperty("daily_report").GetProperty("hour_utc").GetInt32());
        Assert.Equal(before.GetProperty("daily_report").GetProperty("enabled").GetBoolean(), after.GetProperty("daily_report").GetProperty("enabled").GetBoolean());
        Assert.Equal("friday", after.GetProperty("weekly_summary").GetProperty("day").GetString());
        Assert.Equal(before.GetProperty("weekly_summary").GetProperty("hour_utc").GetInt32(), after.GetProperty("weekly_summary").GetProperty("hour_utc").GetInt32());
        Assert.Equal(before.GetProperty("performance_alerts").GetRawText(), after.GetProperty("performance_alerts").GetRawText());
        Assert.Equal(before.GetProperty("system_reminders").GetBoolean(), after.GetProperty("system_reminders").GetBoolean());
        var alert = Assert.Single(after.GetProperty("custom_alerts").EnumerateArray());
        Assert.Equal("ETHUSDT", alert.GetProperty("symbol").GetString());
        Assert.True(alert.GetProperty("enabled").GetBoolean());
    }

    [Theory]
    [InlineData("""{"preferences":{"sms":true}}""", "preferences.sms")]
    [InlineData("""{"preferences":{"daily_report":{"minute":5}}}""", "preferences.daily_report.minute")]
    [InlineData("""{"preferences":{"daily_report":{"hour_utc":24}}}""", "preferences.daily_report.hour_utc")]
    [InlineData("""{"preferences":{"weekly_summary":{"day":"someday"}}}""", "preferences.weekly_summary.day")]
    [InlineData("""{"preferences":{"custom_alerts":[{"symbol":"BTCUSDT","condition":"price_above","value":1,"sound":"loud"}]}}""", "preferences.custom_alerts[0].sound")]
    [InlineData("""{"preferences":{"custom_alerts":[{"symbol":"BTCUSDT","value":1}]}}""", "preferences.custom_alerts[0].condition")]
    [InlineData("""{"preferences":{"system_reminders":"yes"}}""", "preferences.system_reminders")]
    [InlineData("""{"prefs":{}}""", "prefs")]
    [InlineData("""{"client":"mcp"}""", "preferences")]
    public async Task Unknown_or_invalid_preferences_get_422_with_the_full_path_and_change_nothing(string body, string field)
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var client = await sandbox.DemoAsync();
        var before = (await client.GetAsync("user/notification-preferences")).Raw;

        var response = await client.PostAsync("user/notification-preferences", body.Replace("}}}", """},"system_reminders":false}}""", StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.Status);
        Assert.Equal(field, response.Str("field"));
        Assert.Equal(before, (await client.GetAsync("user/notification-preferences")).Raw);
    }

    [Fact]
    public async Task Copy_trading_control_is_vip_only_and_tracks_exchanges()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var demo = await sandbox.DemoAsync();
        var initial = await demo.GetAsync("copy-trading/");
        Assert.Equal("active", initial.Str("status"));
        Assert.Equal(["bybit"], initial["enabled_exchanges"].EnumerateArray().Select(e => e.GetString()!).ToArray());
        Assert.NotEmpty(initial["followers"].EnumerateArray());

        Assert.Equal(HttpStatusCode.Conflict, (await demo.PostAsync("copy-trading/control", """{"action":"start","exchange":"bybit"}""")).Status);
        Assert.Equal(HttpStatusCode.Conflict, (await demo.PostAsync("copy-trading/control", """{"action":"start","exchange":"phemex"}""")).Status);
        var stop = await demo.PostAsync("copy-trading/control", """{"action":"stop","exchange":"bybit","client":"mcp"}""");
        Assert.Equal("inactive", stop.Str("status"));
        Assert.Empty((await demo.GetAsync("copy-trading/"))["enabled_exchanges"].EnumerateArray());
        var start = await demo.PostAsync("copy-trading/control", """{"action":"start","exchange":"bybit"}""");
        Assert.Equal("active", start.Str("status"));

        var other = await sandbox.UserAsync("other");
        Assert.False((await other.GetAsync("copy-trading/"))["available"].GetBoolean());
        var refused = await other.PostAsync("copy-trading/control", """{"action":"start","exchange":"bybit"}""");
        Assert.Equal(HttpStatusCode.Forbidden, refused.Status);
        Assert.Contains("VIP", refused.Str("message"));
    }

    [Fact]
    public async Task Knowledge_search_finds_help_articles_and_ranks_the_best_first()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var client = await sandbox.DemoAsync();

        var martingale = await client.GetAsync("knowledge/search?q=martingale%20loss%20streak&limit=3");
        var results = martingale["results"].EnumerateArray().ToList();
        Assert.NotEmpty(results);
        Assert.Equal("help/risk-management.md#martingale", results[0].GetProperty("path").GetString());
        Assert.Contains("martingale", results[0].GetProperty("snippet").GetString()!, StringComparison.OrdinalIgnoreCase);
        var scores = results.Select(r => r.GetProperty("score").GetDouble()).ToList();
        Assert.Equal(scores.OrderByDescending(s => s), scores);

        var confirm = await client.GetAsync("knowledge/search?q=confirmation%20token");
        Assert.Contains(confirm["results"].EnumerateArray(), r => r.GetProperty("path").GetString()!.StartsWith("help/confirmation-flow.md", StringComparison.Ordinal));

        // Some terms missing: falls back to any-term matching rather than nothing.
        var loose = await client.GetAsync("knowledge/search?q=leverage%20zzzunknownzzz");
        Assert.NotEmpty(loose["results"].EnumerateArray());
        Assert.Empty((await client.GetAsync("knowledge/search?q=qqqxxxzzz"))["results"].EnumerateArray());
        Assert.Empty((await client.GetAsync("knowledge/search?q=%22%2A%28"))["results"].EnumerateArray());
    }

    [Fact]
    public async Task Newsfeed_filters_by_symbol_and_respects_the_limit()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var client = await sandbox.DemoAsync();

        var all = (await client.GetAsync("newsfeed?limit=20"))["items"].EnumerateArray().ToList();
        var gold = (await client.GetAsync("newsfeed?symbol=XAUUSD&limit=5"))["items"].EnumerateArray().ToList();

        Assert.Equal(20, all.Count);
        Assert.True(all.Select(i => i.GetProperty("symbols")[0].GetString()).Distinct().Count() > 1);
        Assert.Equal(5, gold.Count);
        Assert.All(gold, i => Assert.Equal("XAUUSD", i.GetProperty("symbols")[0].GetString()));
        var times = gold.Select(i => i.GetProperty("at").GetString()).ToList();
        Assert.Equal(times.OrderByDescending(t => t, StringComparer.Ordinal), times);
    }
}
