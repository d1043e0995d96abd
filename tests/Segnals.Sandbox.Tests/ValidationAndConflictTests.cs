using System.Net;
using Segnals.Sandbox.Tests.Infrastructure;
using Xunit;

namespace Segnals.Sandbox.Tests;

public sealed class ValidationAndConflictTests(SharedSandbox shared) : IClassFixture<SharedSandbox>
{
    [Theory]
    [InlineData("POST", "bots/create", """{"exchange":"bybit","leverage":5}""", "leverage")]
    [InlineData("POST", "bots/create", """{"exchange":"kraken"}""", "exchange")]
    [InlineData("POST", "bots/create", """{}""", "exchange")]
    [InlineData("POST", "bots/create", """{"exchange":"bybit","symbol":"DOGEUSDT"}""", "symbol")]
    [InlineData("POST", "bots/create", """{"exchange":"mt5","symbol":"BTCUSDT"}""", "symbol")]
    [InlineData("POST", "bots/create", """{"exchange":"bybit","name":""}""", "name")]
    [InlineData("POST", "bots/create", """[1,2]""", "body")]
    [InlineData("POST", "bots/create", """{"exchange":""", "body")]
    [InlineData("PUT", "bots/{bot}", """{"config":{"leverage":101}}""", "leverage")]
    [InlineData("PUT", "bots/{bot}", """{"config":{"leverage":2.5}}""", "leverage")]
    [InlineData("PUT", "bots/{bot}", """{"config":{"stop_loss_pct":0.05}}""", "stop_loss_pct")]
    [InlineData("PUT", "bots/{bot}", """{"config":{"take_profit_pct":"4"}}""", "take_profit_pct")]
    [InlineData("PUT", "bots/{bot}", """{"config":{"timeframe":"2h"}}""", "timeframe")]
    [InlineData("PUT", "bots/{bot}", """{"config":{"martingale_multiplier":3.5}}""", "martingale_multiplier")]
    [InlineData("PUT", "bots/{bot}", """{"config":{"api_secret":"x"}}""", "api_secret")]
    [InlineData("PUT", "bots/{bot}", """{"config":{"client":"mcp"}}""", "client")]
    [InlineData("PUT", "bots/{bot}", """{"config":{"filters":{"macd":{"enabled":true}}}}""", "filters.macd")]
    [InlineData("PUT", "bots/{bot}", """{"client":"mcp"}""", "config")]
    [InlineData("PUT", "bots/{bot}/filters/macd", """{"enabled":true}""", "type")]
    [InlineData("PUT", "bots/{bot}/filters/rsi", """{"enabled":"yes"}""", "enabled")]
    [InlineData("PUT", "bots/{bot}/filters/rsi", """{"enabled":true,"params":{"period":1}}""", "params.period")]
    [InlineData("PUT", "bots/{bot}/filters/rsi", """{"enabled":true,"params":{"length":14}}""", "params.length")]
    [InlineData("PUT", "bots/{bot}/filters/ema_cross", """{"enabled":true,"params":{"fast":30,"slow":20}}""", "params.fast")]
    [InlineData("POST", "bots/{bot}/control", """{"action":"pause"}""", "action")]
    [InlineData("POST", "strategies", """{"exchange":"bybit","name":"s","symbol":"BTCUSDT","config":{"leverage":0}}""", "leverage")]
    [InlineData("POST", "strategies", """{"exchange":"bybit","name":"s","symbol":"BTCUSDT"}""", "config")]
    [InlineData("POST", "marketplace/listings", """{"source_bot_id":1,"title":"t","description":"d","price_usd":10001}""", "price_usd")]
    [InlineData("POST", "marketplace/listings", """{"source_bot_id":1,"title":"","description":"d","price_usd":1}""", "title")]
    [InlineData("POST", "copy-trading/control", """{"action":"start","exchange":"mt5"}""", "exchange")]
    [InlineData("GET", "stats/pnl?period=decade", null, "period")]
    [InlineData("GET", "bots/?status=sleeping", null, "status")]
    [InlineData("GET", "bots/trades?limit=0", null, "limit")]
    [InlineData("GET", "bots/trades?limit=101", null, "limit")]
    [InlineData("GET", "bots/trades?offset=-1", null, "offset")]
    [InlineData("GET", "bots/{bot}/logs?limit=201", null, "limit")]
    [InlineData("GET", "strategies/schema?exchange=binance", null, "exchange")]
    [InlineData("GET", "strategies/schema", null, "exchange")]
    [InlineData("GET", "marketplace?per_page=51", null, "per_page")]
    [InlineData("GET", "marketplace?sort=cheapest", null, "sort")]
    [InlineData("GET", "marketplace?max_risk=extreme", null, "max_risk")]
    [InlineData("GET", "market/price?symbol=DOGEUSDT", null, "symbol")]
    [InlineData("GET", "market/price", null, "symbol")]
    [InlineData("GET", "market/sentiment?symbol=NOPE", null, "symbol")]
    [InlineData("GET", "newsfeed?limit=51", null, "limit")]
    [InlineData("GET", "knowledge/search?q=a", null, "q")]
    [InlineData("GET", "knowledge/search?q=risk&limit=21", null, "limit")]
    public async Task Invalid_input_gets_422_naming_the_field(string method, string path, string? body, string field)
    {
        var client = shared.Demo;
        var bot = shared.BotId;

        var response = await client.SendAsync(new HttpMethod(method), path.Replace("{bot}", bot.ToString(System.Globalization.CultureInfo.InvariantCulture)), body);

        Assert.True(response.Status == HttpStatusCode.UnprocessableEntity, response.ToString());
        Assert.Equal(field, response.Str("field"));
        Assert.False(string.IsNullOrWhiteSpace(response.Str("message")));
    }

    [Fact]
    public async Task Create_strategy_is_atomic_and_a_refused_update_changes_nothing()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var client = await sandbox.DemoAsync();
        var before = (await client.GetAsync("bots/"))["bots"].GetArrayLength();

        var refused = await client.PostAsync("strategies", """{"exchange":"bybit","name":"Half","symbol":"BTCUSDT","config":{"leverage":5,"order_size_usd":5}}""");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.Status);
        Assert.Equal("order_size_usd", refused.Str("field"));
        Assert.Equal(before, (await client.GetAsync("bots/"))["bots"].GetArrayLength());

        var created = await client.PostAsync("strategies", """{"exchange":"mt5","name":"Whole","symbol":"XAUUSD","config":{"leverage":200,"timeframe":"1h","stop_loss_pct":0}}""");
        Assert.Equal(HttpStatusCode.OK, created.Status);
        var bot = created.Long("bot_id");
        var config = (await client.GetAsync($"bots/{bot}"))["bot"].GetProperty("config");
        Assert.Equal(200, config.GetProperty("leverage").GetInt32());
        Assert.Equal("1h", config.GetProperty("timeframe").GetString());
        Assert.Equal(0, config.GetProperty("stop_loss_pct").GetDouble());
        Assert.Equal(4, config.GetProperty("take_profit_pct").GetDouble());

        // Second key valid, first key invalid: nothing of the patch is applied.
        var partial = await client.PutAsync($"bots/{bot}", """{"name":"Renamed","config":{"take_profit_pct":8,"leverage":501}}""");
        Assert.Equal("leverage", partial.Str("field"));
        var after = (await client.GetAsync($"bots/{bot}"))["bot"];
        Assert.Equal("Whole", after.GetProperty("name").GetString());
        Assert.Equal(4, after.GetProperty("config").GetProperty("take_profit_pct").GetDouble());
    }

    [Fact]
    public async Task Update_merges_config_key_by_key()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var client = await sandbox.DemoAsync();
        var bot = await client.CreateBotAsync();

        Assert.Equal(HttpStatusCode.OK, (await client.PutAsync($"bots/{bot}", """{"config":{"leverage":10},"client":"mcp"}""")).Status);
        Assert.Equal(HttpStatusCode.OK, (await client.PutAsync($"bots/{bot}", """{"name":"Tuned","config":{"martingale_enabled":true,"filters":{"rsi":{"enabled":true,"params":{"period":21}}}}}""")).Status);
        var filter = await client.PutAsync($"bots/{bot}/filters/adx", """{"enabled":true,"params":{"threshold":30},"client":"mcp"}""");
        Assert.Equal(HttpStatusCode.OK, filter.Status);
        Assert.True(filter["filters"].GetProperty("adx").GetProperty("enabled").GetBoolean());
        Assert.True(filter["filters"].GetProperty("rsi").GetProperty("enabled").GetBoolean());

        var got = (await client.GetAsync($"bots/{bot}"))["bot"];
        var config = got.GetProperty("config");
        Assert.Equal("Tuned", got.GetProperty("name").GetString());
        Assert.Equal(10, config.GetProperty("leverage").GetInt32());
        Assert.True(config.GetProperty("martingale_enabled").GetBoolean());
        Assert.Equal(2, config.GetProperty("stop_loss_pct").GetDouble());
        Assert.Equal(21, config.GetProperty("filters").GetProperty("rsi").GetProperty("params").GetProperty("period").GetInt32());
        Assert.Equal(70, config.GetProperty("filters").GetProperty("rsi").GetProperty("params").GetProperty("overbought").GetDouble());
        Assert.Equal(30, config.GetProperty("filters").GetProperty("adx").GetProperty("params").GetProperty("threshold").GetDouble());
        Assert.Equal(14, config.GetProperty("filters").GetProperty("adx").GetProperty("params").GetProperty("period").GetInt32());
    }

    [Fact]
    public async Task State_conflicts_get_409()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var client = await sandbox.DemoAsync();
        var bot = await client.CreateBotAsync();

        Assert.Equal(HttpStatusCode.Conflict, (await client.PostAsync($"bots/{bot}/control", """{"action":"stop"}""")).Status);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"bots/{bot}/control", """{"action":"start","client":"mcp"}""")).Status);
        var again = await client.PostAsync($"bots/{bot}/control", """{"action":"start"}""");
        Assert.Equal(HttpStatusCode.Conflict, again.Status);
        Assert.Contains("already", again.Str("message"));
        var delete = await client.DeleteAsync($"bots/{bot}");
        Assert.Equal(HttpStatusCode.Conflict, delete.Status);
        Assert.Contains("stop it", delete.Str("message"));
        Assert.NotEqual("stopped", await client.StatusOfAsync(bot));

        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"bots/{bot}/control", """{"action":"stop"}""")).Status);
        Assert.Equal(HttpStatusCode.OK, (await client.DeleteAsync($"bots/{bot}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"bots/{bot}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync($"bots/{bot}")).Status);
    }

    [Fact]
    public async Task Plan_bot_limit_is_enforced_for_free_accounts()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var client = await sandbox.UserAsync("freebie");
        await sandbox.Host.SetUserTierAsync("freebie", "free");

        for (var i = 0; i < 3; i++)
        {
            await client.CreateBotAsync();
        }
        var fourth = await client.PostAsync("bots/create", """{"exchange":"bybit"}""");

        Assert.Equal(HttpStatusCode.Forbidden, fourth.Status);
        Assert.Contains("limit", fourth.Str("message"));
        var billing = await client.GetAsync("user/billing");
        Assert.Equal(3, billing.Long("bot_limit"));
        Assert.Equal(3, billing.Long("bots_used"));
    }
}
