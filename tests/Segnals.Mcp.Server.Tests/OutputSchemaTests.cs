using System.Text.Json;
using Segnals.Mcp.Server.Tests.Infrastructure;
using Segnals.Testing;
using Xunit;

namespace Segnals.Mcp.Server.Tests;

/// <summary>
/// Every read tool declares an output schema in the full tools/list, and what the real server returns
/// from the seeded sandbox conforms to it, checked by a real JSON Schema validator. The calls reach the
/// shapes that differ: every bot status, a bot with trades and one without, an open position, free,
/// paid and own listings, both exchange families, and results where the API sends null.
/// </summary>
public sealed class OutputSchemaTests(DemoServerFixture fixture) : IClassFixture<DemoServerFixture>
{
    /// <summary>Tool and arguments (JSON); several per tool where the answer's shape can differ.</summary>
    public static TheoryData<string, string> Calls => new()
    {
        { "segnals_whoami", "{}" },
        { "segnals_get_capabilities", "{}" },
        { "segnals_get_safety_disclaimer", "{}" },
        { "segnals_get_account", "{}" },
        { "segnals_get_subscription", "{}" },
        { "segnals_list_connections", "{}" },
        { "segnals_get_dashboard", "{}" },
        { "segnals_get_pnl_summary", """{"period":"all"}""" },
        { "segnals_get_pnl_summary", """{"period":"day"}""" },
        { "segnals_get_bot_performance", """{"bot_id":1}""" },
        { "segnals_get_bot_performance", """{"bot_id":4}""" },
        { "segnals_get_trades", "{}" },
        { "segnals_get_trades", """{"bot_id":3,"limit":5,"offset":2}""" },
        { "segnals_list_bots", "{}" },
        { "segnals_list_bots", """{"status":"warming_up"}""" },
        { "segnals_get_bot", """{"bot_id":1}""" },
        { "segnals_get_bot", """{"bot_id":4}""" },
        { "segnals_get_bot_logs", """{"bot_id":4,"limit":20}""" },
        { "segnals_get_strategy_schema", """{"exchange":"bybit"}""" },
        { "segnals_get_strategy_schema", """{"exchange":"mt5"}""" },
        { "segnals_explain_config", """{"bot_id":3}""" },
        { "segnals_explain_config", """{"bot_id":5}""" },
        { "segnals_browse_marketplace", "{}" },
        { "segnals_browse_marketplace", """{"exchange":"phemex","sort":"newest","per_page":1,"page":2}""" },
        { "segnals_get_listing", """{"listing_id":"eth-grid-lite"}""" },
        { "segnals_get_listing", """{"listing_id":"btc-trend-rider-pro"}""" },
        { "segnals_get_listing", """{"listing_id":"demo-gold-swing"}""" },
        { "segnals_my_listings", "{}" },
        { "segnals_get_copy_trading", "{}" },
        { "segnals_get_news", "{}" },
        { "segnals_get_news", """{"symbol":"XAUUSD","limit":2}""" },
        { "segnals_get_sentiment", """{"symbol":"ETHUSDT"}""" },
        { "segnals_get_market_price", """{"symbol":"EURUSD"}""" },
        { "segnals_search_knowledge", """{"query":"stop loss","limit":5}""" },
        { "segnals_get_notifications", "{}" },
    };

    [Fact]
    public async Task Every_read_tool_declares_an_output_schema_that_states_something()
    {
        var tools = (await fixture.Session.ListToolsAsync()).ToDictionary(tool => tool.Name);

        foreach (var name in ExpectedTools.ReadNames)
        {
            Assert.True(tools[name].OutputSchema is { } schema, $"{name} is a read tool without an output schema.");
            var required = tools[name].OutputSchema!.Value.TryGetProperty("required", out var fields) ? fields.GetArrayLength() : 0;
            Assert.True(required > 0, $"{name}'s output schema requires nothing, so any object would pass.");
        }

        var called = Calls.Select(row => (string)row[0]).ToHashSet();
        Assert.Equal(ExpectedTools.ReadNames.Order(), called.Order());
    }

    [Theory]
    [MemberData(nameof(Calls))]
    public async Task The_result_conforms_to_the_declared_output_schema(string tool, string arguments)
    {
        var declared = (await fixture.Session.ListToolsAsync()).Single(candidate => candidate.Name == tool).OutputSchema;
        Assert.True(declared is not null, $"{tool} declares no output schema.");

        using var parsed = JsonDocument.Parse(arguments);
        var data = (await fixture.Session.CallAsync(tool, parsed.RootElement)).Data;

        var problems = OutputSchemaValidator.Problems(declared.Value, data);
        Assert.True(problems.Count == 0, $"{tool} {arguments} does not match its output schema:\n  {string.Join("\n  ", problems)}\nresult: {data.GetRawText()}");
    }
}
