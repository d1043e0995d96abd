using System.Net;
using Segnals.Sandbox.Tests.Infrastructure;
using Xunit;

namespace Segnals.Sandbox.Tests;

public sealed class ScopeAndOwnershipTests(SharedSandbox shared) : IClassFixture<SharedSandbox>
{
    [Theory]
    [InlineData("GET", "user/billing", null, "read:account")]
    [InlineData("GET", "bots/dashboard", null, "read:stats")]
    [InlineData("GET", "stats/pnl", null, "read:stats")]
    [InlineData("GET", "bots/trades", null, "read:stats")]
    [InlineData("GET", "bots/1/performance", null, "read:stats")]
    [InlineData("POST", "bots/create", """{"exchange":"bybit"}""", "write:bots")]
    [InlineData("PUT", "bots/1", """{"name":"x"}""", "write:bots")]
    [InlineData("DELETE", "bots/1", null, "control:bots")]
    [InlineData("POST", "bots/1/control", """{"action":"stop"}""", "control:bots")]
    [InlineData("POST", "strategies", """{"exchange":"bybit","name":"s","symbol":"BTCUSDT","config":{}}""", "write:strategies")]
    [InlineData("PUT", "bots/1/filters/rsi", """{"enabled":true}""", "write:strategies")]
    [InlineData("GET", "marketplace", null, "read:marketplace")]
    [InlineData("POST", "marketplace/2/copy", "{}", "write:marketplace")]
    [InlineData("GET", "copy-trading/", null, "read:account")]
    [InlineData("POST", "copy-trading/control", """{"action":"stop","exchange":"bybit"}""", "control:bots")]
    [InlineData("GET", "market/price?symbol=BTCUSDT", null, "read:news")]
    [InlineData("GET", "knowledge/search?q=risk", null, "read:knowledge")]
    [InlineData("GET", "user/notification-preferences", null, "manage:notifications")]
    public async Task A_key_without_the_endpoint_scope_gets_403_naming_it(string method, string path, string? body, string required)
    {
        var everythingElse = TestSandbox.AllScopes.Where(s => s != required).ToList();
        var client = await shared.Sandbox.UserAsync("demo", everythingElse);

        var response = await client.SendAsync(new HttpMethod(method), path, body);

        Assert.Equal(HttpStatusCode.Forbidden, response.Status);
        Assert.Equal(required, response.Str("required"));
        Assert.Contains(required, response.Str("message"));
    }

    [Fact]
    public async Task Endpoints_marked_any_need_no_scope_and_refused_writes_are_audited()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var client = await sandbox.UserAsync("nobody", []);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("user/me")).Status);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("keys/self")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsync("bots/create", """{"exchange":"bybit"}""")).Status);

        var audit = await sandbox.Host.GetAuditLogAsync();
        var entry = Assert.Single(audit);
        Assert.Equal(("POST", "/api/bots/create", 403), (entry.Method, entry.Path, entry.StatusCode));
        Assert.NotNull(entry.KeyId);
    }

    [Fact]
    public async Task Another_users_bot_is_not_found_for_every_kind_of_access()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var demo = await sandbox.DemoAsync();
        var other = await sandbox.UserAsync("other");
        var otherBots = (await other.GetAsync("bots/"))["bots"].EnumerateArray().Select(b => b.GetProperty("id").GetInt64()).ToList();
        var theirs = Assert.Single(otherBots);
        var demoBots = (await demo.GetAsync("bots/"))["bots"].EnumerateArray().Select(b => b.GetProperty("id").GetInt64()).ToList();
        Assert.DoesNotContain(theirs, demoBots);

        var attempts = new (HttpMethod Method, string Path, string? Body)[]
        {
            (HttpMethod.Get, $"bots/{theirs}", null),
            (HttpMethod.Get, $"bots/{theirs}/logs", null),
            (HttpMethod.Get, $"bots/{theirs}/performance", null),
            (HttpMethod.Get, $"bots/trades?bot_id={theirs}", null),
            (HttpMethod.Put, $"bots/{theirs}", """{"name":"mine now"}"""),
            (HttpMethod.Put, $"bots/{theirs}/filters/rsi", """{"enabled":true}"""),
            (HttpMethod.Post, $"bots/{theirs}/control", """{"action":"stop"}"""),
            (HttpMethod.Delete, $"bots/{theirs}", null),
            (HttpMethod.Post, "marketplace/listings", $$"""{"source_bot_id":{{theirs}},"title":"t","description":"d","price_usd":0}"""),
        };
        foreach (var (method, path, body) in attempts)
        {
            var response = await demo.SendAsync(method, path, body);
            Assert.True(response.Status == HttpStatusCode.NotFound, $"{method} {path}: {response}");
        }

        // Untouched: still theirs, still running under its own name.
        var bot = await other.GetAsync($"bots/{theirs}");
        Assert.Equal("Other's BTC Bot", bot["bot"].GetProperty("name").GetString());
        Assert.NotEqual("stopped", bot["bot"].GetProperty("status").GetString());
    }

    [Fact]
    public async Task Trades_and_stats_only_cover_the_callers_own_bots()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var other = await sandbox.UserAsync("other");
        var demo = await sandbox.DemoAsync();
        sandbox.Clock.Advance(TimeSpan.FromDays(2));

        var theirBot = Assert.Single((await other.GetAsync("bots/"))["bots"].EnumerateArray()).GetProperty("id").GetInt64();
        var theirTrades = await other.GetAsync("bots/trades?limit=100");
        Assert.True(theirTrades.Long("total") > 0, theirTrades.ToString());
        Assert.All(theirTrades["trades"].EnumerateArray(), t => Assert.Equal(theirBot, t.GetProperty("bot_id").GetInt64()));

        var demoTrades = await demo.GetAsync("bots/trades?limit=100");
        Assert.DoesNotContain(demoTrades["trades"].EnumerateArray(), t => t.GetProperty("bot_id").GetInt64() == theirBot);
    }
}
