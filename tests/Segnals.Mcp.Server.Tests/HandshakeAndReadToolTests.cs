using System.Text.Json;
using ModelContextProtocol.Protocol;
using Segnals.Mcp.Server.Tests.Infrastructure;
using Xunit;

namespace Segnals.Mcp.Server.Tests;

/// <summary>Handshake, the listing of all 36 tools, and every read tool against the sandbox's demo account.</summary>
public sealed class HandshakeAndReadToolTests(DemoServerFixture fixture) : IClassFixture<DemoServerFixture>
{
    private ServerSession Session => fixture.Session;

    /// <summary>Arguments and a content check for each of the 24 read tools, chosen so a wrong parameter shows.</summary>
    private static readonly Dictionary<string, (object Arguments, Action<JsonElement> Check)> ReadCalls = new()
    {
        ["segnals_whoami"] = (new { }, data =>
        {
            Assert.Equal("demo", data.GetProperty("username").GetString());
            Assert.Equal(11, data.GetProperty("key").GetProperty("scopes").GetArrayLength());
        }),
        ["segnals_get_capabilities"] = (new { }, data =>
        {
            Assert.True(data.GetProperty("scopes_known").GetBoolean());
            var tools = data.GetProperty("tools").EnumerateArray().ToList();
            Assert.Equal(36, tools.Count);
            Assert.All(tools, tool => Assert.True(tool.GetProperty("available").GetBoolean()));
        }),
        ["segnals_get_safety_disclaimer"] = (new { }, data => Assert.Contains("substantial risk", data.GetProperty("text").GetString())),
        ["segnals_get_account"] = (new { }, data =>
        {
            Assert.Equal("demo", data.GetProperty("username").GetString());
            Assert.Equal("vip", data.GetProperty("tier").GetString());
        }),
        ["segnals_get_subscription"] = (new { }, data =>
        {
            Assert.Equal("vip", data.GetProperty("tier").GetString());
            Assert.Equal(5, data.GetProperty("bots_used").GetInt32());
        }),
        ["segnals_list_connections"] = (new { }, data =>
        {
            var connections = data.GetProperty("connections");
            Assert.True(connections.GetProperty("bybit").GetBoolean());
            Assert.False(connections.GetProperty("phemex").GetBoolean());
        }),
        ["segnals_get_dashboard"] = (new { }, data => Assert.Equal(5, data.GetProperty("total_bots").GetInt32())),
        ["segnals_get_pnl_summary"] = (new { period = "week" }, data => Assert.Equal("week", data.GetProperty("period").GetString())),
        ["segnals_get_bot_performance"] = (new { bot_id = 1 }, data =>
        {
            Assert.Equal(1, data.GetProperty("bot_id").GetInt32());
            Assert.Equal("BTC Trend Rider", data.GetProperty("name").GetString());
        }),
        ["segnals_get_trades"] = (new { bot_id = 1, limit = 5 }, data =>
        {
            var trades = data.GetProperty("trades").EnumerateArray().ToList();
            Assert.InRange(trades.Count, 1, 5);
            Assert.All(trades, trade => Assert.Equal(1, trade.GetProperty("bot_id").GetInt32()));
        }),
        ["segnals_list_bots"] = (new { status = "stopped" }, data =>
        {
            var bots = data.GetProperty("bots").EnumerateArray().ToList();
            Assert.Equal("ETH Scalper", Assert.Single(bots).GetProperty("name").GetString());
        }),
        ["segnals_get_bot"] = (new { bot_id = 2 }, data =>
        {
            Assert.Equal("ETH Scalper", data.GetProperty("name").GetString());
            Assert.Equal("stopped", data.GetProperty("status").GetString());
            Assert.Equal(10, data.GetProperty("config").GetProperty("leverage").GetInt32());
        }),
        ["segnals_get_bot_logs"] = (new { bot_id = 1, limit = 3 }, data =>
        {
            Assert.Equal(1, data.GetProperty("bot_id").GetInt32());
            Assert.InRange(data.GetProperty("logs").GetArrayLength(), 1, 3);
        }),
        ["segnals_get_strategy_schema"] = (new { exchange = "mt5" }, data =>
        {
            Assert.Equal("mt5", data.GetProperty("exchange").GetString());
            Assert.Contains(data.GetProperty("parameters").EnumerateArray(), parameter => parameter.GetProperty("key").GetString() == "leverage");
        }),
        ["segnals_explain_config"] = (new { bot_id = 3 }, data =>
        {
            Assert.Equal("Gold Swing", data.GetProperty("bot").GetProperty("name").GetString());
            var martingale = data.GetProperty("explained").EnumerateArray().Single(entry => entry.GetProperty("key").GetString() == "martingale_enabled");
            Assert.True(martingale.GetProperty("value").GetBoolean());
            Assert.False(string.IsNullOrEmpty(martingale.GetProperty("risk").GetString()));
        }),
        ["segnals_browse_marketplace"] = (new { max_risk = "low" }, data =>
        {
            var listings = data.GetProperty("listings").EnumerateArray().ToList();
            Assert.NotEmpty(listings);
            Assert.All(listings, listing => Assert.Equal("low", listing.GetProperty("risk").GetString()));
        }),
        ["segnals_get_listing"] = (new { listing_id = "btc-trend-rider-pro" }, data => Assert.Equal("BTC Trend Rider Pro", data.GetProperty("title").GetString())),
        ["segnals_my_listings"] = (new { }, data => Assert.Equal("Demo Gold Swing", Assert.Single(data.GetProperty("listings").EnumerateArray()).GetProperty("title").GetString())),
        ["segnals_get_copy_trading"] = (new { }, data =>
        {
            Assert.Contains(data.GetProperty("enabled_exchanges").EnumerateArray(), exchange => exchange.GetString() == "bybit");
            Assert.Equal(2, data.GetProperty("followers").GetArrayLength());
        }),
        ["segnals_get_news"] = (new { symbol = "BTCUSDT", limit = 3 }, data =>
        {
            var items = data.GetProperty("items").EnumerateArray().ToList();
            Assert.InRange(items.Count, 1, 3);
            Assert.All(items, item => Assert.Contains(item.GetProperty("symbols").EnumerateArray(), symbol => symbol.GetString() == "BTCUSDT"));
        }),
        ["segnals_get_sentiment"] = (new { symbol = "ETHUSDT" }, data =>
        {
            Assert.Equal("ETHUSDT", data.GetProperty("symbol").GetString());
            Assert.False(string.IsNullOrEmpty(data.GetProperty("label").GetString()));
        }),
        ["segnals_get_market_price"] = (new { symbol = "XAUUSD" }, data =>
        {
            Assert.Equal("XAUUSD", data.GetProperty("symbol").GetString());
            Assert.True(data.GetProperty("price").GetDouble() > 0);
        }),
        ["segnals_search_knowledge"] = (new { query = "martingale", limit = 3 }, data =>
        {
            var results = data.GetProperty("results").EnumerateArray().ToList();
            Assert.InRange(results.Count, 1, 3);
            Assert.Contains("martingale", results[0].GetProperty("title").GetString()!, StringComparison.OrdinalIgnoreCase);
        }),
        ["segnals_get_notifications"] = (new { }, data =>
            Assert.Equal(250, data.GetProperty("preferences").GetProperty("performance_alerts").GetProperty("threshold_pnl_usd").GetInt32())),
    };

    public static TheoryData<string> ReadTools => new(ExpectedTools.ReadNames);

    [Fact]
    public void Handshake_names_the_server_and_offers_tools()
    {
        var client = Session.Client;
        Assert.NotNull(client.ServerInfo);
        Assert.Equal("segnals-mcp", client.ServerInfo.Name);
        Assert.Equal("1.0.0", client.ServerInfo.Version);
        Assert.NotNull(client.ServerCapabilities.Tools);
        Assert.False(string.IsNullOrWhiteSpace(client.NegotiatedProtocolVersion));
        Assert.Contains("confirm", client.ServerInstructions ?? string.Empty);
    }

    [Fact]
    public async Task Lists_all_36_tools_with_titles_and_all_four_annotations()
    {
        var tools = await Session.ListToolsAsync();

        Assert.Equal(ExpectedTools.Names.Order(), tools.Select(tool => tool.Name).Order());
        Assert.Equal(tools.Count, tools.Select(tool => tool.Title).Distinct().Count());
        foreach (var tool in tools)
        {
            var expected = ExpectedTools.Get(tool.Name);
            Assert.False(string.IsNullOrWhiteSpace(tool.Title), $"{tool.Name} has no title");
            Assert.False(string.IsNullOrWhiteSpace(tool.Description), $"{tool.Name} has no description");
            var hints = tool.Annotations;
            Assert.NotNull(hints);
            Assert.True(hints.ReadOnlyHint is not null && hints.DestructiveHint is not null && hints.IdempotentHint is not null && hints.OpenWorldHint is not null,
                $"{tool.Name} lacks one of the four annotations");
            Assert.Equal(expected.IsRead, hints.ReadOnlyHint);
            if (expected.IsRead)
            {
                Assert.False(hints.DestructiveHint, $"{tool.Name} is a read yet marked destructive");
                Assert.True(hints.IdempotentHint, $"{tool.Name} is a read yet not idempotent");
            }

            // ✋ tools take confirm and confirmation_token; the others do not.
            var properties = tool.InputSchema.TryGetProperty("properties", out var declared)
                ? declared.EnumerateObject().Select(property => property.Name).ToHashSet()
                : [];
            Assert.Equal(expected.Confirm, properties.Contains("confirm"));
            Assert.Equal(expected.Confirm, properties.Contains("confirmation_token"));
        }

        Assert.True(tools.Single(tool => tool.Name == "segnals_delete_bot").Annotations!.DestructiveHint);
    }

    [Fact]
    public void Every_read_tool_has_a_call_below()
    {
        Assert.Equal(ExpectedTools.ReadNames.Order(), ReadCalls.Keys.Order());
        Assert.Equal(24, ReadCalls.Count);
    }

    [Theory]
    [MemberData(nameof(ReadTools))]
    public async Task Read_tool_returns_data_from_the_demo_account(string tool)
    {
        var (arguments, check) = ReadCalls[tool];

        var outcome = await Session.CallAsync(tool, arguments);

        Assert.False(outcome.IsError, $"{tool} failed: {outcome.Text}");
        Assert.False(outcome.Result.IsError ?? false);
        var data = outcome.Data;

        // The text content is the same object as structuredContent, as compact JSON.
        using (var text = JsonDocument.Parse(outcome.Text))
        {
            Assert.True(JsonElement.DeepEquals(text.RootElement, data), $"{tool}: text and structuredContent differ");
        }

        Assert.DoesNotContain("\n", outcome.Text);
        check(data);
    }

    [Fact]
    public async Task A_tool_the_server_does_not_have_is_a_protocol_error_and_the_server_keeps_serving()
    {
        var error = await Assert.ThrowsAsync<ModelContextProtocol.McpProtocolException>(() => Session.CallAsync("segnals_withdraw_funds"));
        Assert.Contains("Unknown tool", error.Message);

        Assert.Equal("demo", (await Session.CallAsync("segnals_whoami")).Data.GetProperty("username").GetString());
    }

    [Fact]
    public async Task Invalid_arguments_are_refused_by_name_before_any_call()
    {
        var outcome = await Session.CallAsync("segnals_get_trades", new { limit = 500 });

        Assert.Contains("'limit' must be from 1 to 100", outcome.Error);
        Assert.Contains("Nothing was sent", outcome.Error);
    }
}
