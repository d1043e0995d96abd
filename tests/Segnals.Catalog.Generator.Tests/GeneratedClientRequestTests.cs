using System.Text.Json;
using Segnals.Catalog.Generator.Tests.Infrastructure;
using Segnals.Testing;
using Segnals.Mcp.Generated;
using Xunit;

namespace Segnals.Catalog.Generator.Tests;

/// <summary>
/// Every one of the 36 tools, called through MCP, sends exactly the method, path, query and body
/// the catalog says, over real HTTP to a loopback recorder. The expectations are written out by
/// hand from tools.md and rest-api.md, not derived from the catalog.
/// </summary>
public sealed class GeneratedClientRequestTests
{
    private const string Bot = """{"bot":{"id":42,"name":"Alpha","exchange":"bybit","status":"stopped","symbol":"BTCUSDT","config":{"leverage":5,"martingale_enabled":false}}}""";
    private const string Schema = """{"exchange":"bybit","parameters":[{"key":"leverage","type":"integer","default":5,"min":1,"max":100,"description":"Leverage."}]}""";
    private const string KeySelf = """{"key_id":"k1","scopes":["read:bots"]}""";

    public static TheoryData<string, string, string[]> Cases => new()
    {
        { "segnals_whoami", "{}", ["GET /user/me", "GET /keys/self"] },
        { "segnals_get_capabilities", "{}", [] },
        { "segnals_get_safety_disclaimer", "{}", [] },
        { "segnals_get_account", "{}", ["GET /user/me"] },
        { "segnals_get_subscription", "{}", ["GET /user/billing"] },
        { "segnals_list_connections", "{}", ["GET /user/connections-status"] },
        { "segnals_get_dashboard", "{}", ["GET /bots/dashboard"] },
        { "segnals_get_pnl_summary", """{"period":"week"}""", ["GET /stats/pnl?period=week"] },
        { "segnals_get_bot_performance", """{"bot_id":42}""", ["GET /bots/42/performance"] },
        { "segnals_get_trades", """{"bot_id":42,"limit":10}""", ["GET /bots/trades?bot_id=42&limit=10"] },
        { "segnals_list_bots", """{"status":"running"}""", ["GET /bots/?status=running"] },
        { "segnals_get_bot", """{"bot_id":42}""", ["GET /bots/42"] },
        { "segnals_get_bot_logs", """{"bot_id":42,"limit":5}""", ["GET /bots/42/logs?limit=5"] },
        { "segnals_get_strategy_schema", """{"exchange":"mt5"}""", ["GET /strategies/schema?exchange=mt5"] },
        { "segnals_explain_config", """{"bot_id":42}""", ["GET /bots/42", "GET /strategies/schema?exchange=bybit"] },
        { "segnals_create_bot", """{"exchange":"bybit","name":"A b","symbol":"BTCUSDT","confirm":true}""", ["""POST /bots/create {"exchange":"bybit","name":"A b","symbol":"BTCUSDT","client":"mcp"}"""] },
        { "segnals_update_bot", """{"bot_id":42,"config":{"leverage":3},"confirm":true}""", ["""PUT /bots/42 {"config":{"leverage":3},"client":"mcp"}"""] },
        { "segnals_delete_bot", """{"bot_id":42,"confirm":true}""", ["DELETE /bots/42"] },
        { "segnals_start_bot", """{"bot_id":42,"confirm":true}""", ["""POST /bots/42/control {"action":"start","client":"mcp"}"""] },
        { "segnals_stop_bot", """{"bot_id":42}""", ["""POST /bots/42/control {"action":"stop","client":"mcp"}"""] },
        { "segnals_restart_bot", """{"bot_id":42,"confirm":true}""", ["""POST /bots/42/control {"action":"restart","client":"mcp"}"""] },
        { "segnals_create_strategy", """{"exchange":"mt5","name":"EU","symbol":"EURUSD","config":{"leverage":30},"confirm":true}""", ["""POST /strategies {"exchange":"mt5","name":"EU","symbol":"EURUSD","config":{"leverage":30},"client":"mcp"}"""] },
        { "segnals_set_indicator_filter", """{"bot_id":42,"filter_type":"ema_cross","enabled":true,"params":{"fast":9},"confirm":true}""", ["""PUT /bots/42/filters/ema_cross {"enabled":true,"params":{"fast":9},"client":"mcp"}"""] },
        { "segnals_browse_marketplace", """{"page":2,"query":"gold trend","sort":"rating"}""", ["GET /marketplace?page=2&query=gold%20trend&sort=rating"] },
        { "segnals_get_listing", """{"listing_id":"gold-trend"}""", ["GET /marketplace/gold-trend"] },
        { "segnals_my_listings", "{}", ["GET /marketplace/me/sales"] },
        { "segnals_publish_listing", """{"source_bot_id":42,"title":"T","description":"D","price_usd":10,"confirm":true}""", ["""POST /marketplace/listings {"source_bot_id":42,"title":"T","description":"D","price_usd":10,"seller_terms_version":"2026-01","client":"mcp"}"""] },
        { "segnals_copy_strategy", """{"listing_id":"7","confirm":true}""", ["""POST /marketplace/7/copy {"disclaimer_version":"2026-01","client":"mcp"}"""] },
        { "segnals_get_copy_trading", "{}", ["GET /copy-trading/"] },
        { "segnals_control_copy_trading", """{"action":"start","exchange":"bybit","confirm":true}""", ["""POST /copy-trading/control {"action":"start","exchange":"bybit","client":"mcp"}"""] },
        { "segnals_get_news", """{"symbol":"BTCUSDT","limit":3}""", ["GET /newsfeed?symbol=BTCUSDT&limit=3"] },
        { "segnals_get_sentiment", """{"symbol":"XAUUSD"}""", ["GET /market/sentiment?symbol=XAUUSD"] },
        { "segnals_get_market_price", """{"symbol":"EURUSD"}""", ["GET /market/price?symbol=EURUSD"] },
        { "segnals_search_knowledge", """{"query":"stop loss & risk","limit":2}""", ["GET /knowledge/search?q=stop%20loss%20%26%20risk&limit=2"] },
        { "segnals_get_notifications", "{}", ["GET /user/notification-preferences"] },
        { "segnals_set_notifications", """{"preferences":{"daily_report":{"enabled":true}}}""", ["""POST /user/notification-preferences {"preferences":{"daily_report":{"enabled":true}},"client":"mcp"}"""] },
    };

    [Fact]
    public void CasesCoverEveryCatalogTool() =>
        Assert.Equal(
            SegnalsCatalog.Info.Tools.Select(tool => tool.Name).Order(StringComparer.Ordinal),
            Cases.Select(row => (string)row[0]).Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task ToolSendsExactlyTheCatalogRequest(string tool, string arguments, string[] expected)
    {
        await using var recorder = await ScriptedBackend.StartAsync(static (request, context, _) => ScriptedBackend.JsonAsync(context, 200, request.Path switch
        {
            "/bots/42" => Bot,
            "/strategies/schema" => Schema,
            "/keys/self" => KeySelf,
            _ => """{"ok":true}""",
        }));
        using var http = CatalogHost.Http(recorder.BaseAddress);
        var runtime = CatalogHost.Runtime(SegnalsCatalog.Info);
        await using var mcp = await CatalogHost.ServeAsync(SegnalsCatalog.CreateTools(runtime, SegnalsCatalog.CreateClient(http)), recorder.Key);

        var result = await mcp.CallAsync(tool, arguments);

        Assert.True(result.IsError is not true, JsonSerializer.Serialize(result.Content.Select(block => (block as ModelContextProtocol.Protocol.TextContentBlock)?.Text)));
        Assert.NotNull(result.StructuredContent);
        var sent = recorder.Requests.Select(request => $"{request.Method} {request.Path}{request.Query}{(request.Body.Length > 0 ? " " + request.Body : string.Empty)}").ToArray();
        Assert.Equal(expected, sent);
        Assert.All(recorder.Requests, request => Assert.True(request.BearerMatched, $"{request.Path} did not carry the key as a bearer token"));
        Assert.All(recorder.Requests, request => Assert.Equal(request.Method != "GET", request.IdempotencyKey is not null));
    }
}
