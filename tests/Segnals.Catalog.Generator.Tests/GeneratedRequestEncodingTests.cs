using System.Text.Json;
using Segnals.Catalog.Generator.Tests.Infrastructure;
using Segnals.Mcp.Generated;
using Segnals.Mcp.Generated.Requests;
using Segnals.Mcp.Runtime.Callers;
using Segnals.Mcp.Runtime.Http;
using Segnals.Testing;
using Xunit;

namespace Segnals.Catalog.Generator.Tests;

/// <summary>
/// How the compiled client (our interface and bodies, Refit's implementation) writes values on the wire,
/// over real HTTP to a loopback recorder: unset query values and body members are left out, path and query
/// values are escaped, JSON arguments go out as given, and the constant fields come last.
/// </summary>
public sealed class GeneratedRequestEncodingTests : IAsyncLifetime
{
    private ScriptedBackend _recorder = null!;
    private HttpClient _http = null!;
    private ISegnalsApiClient _client = null!;
    private ApiCaller _caller = null!;

    public async Task InitializeAsync()
    {
        _recorder = await ScriptedBackend.StartAsync(static (_, context, _) => ScriptedBackend.JsonAsync(context, 200, """{"ok":true}"""));
        _http = CatalogHost.Http(_recorder.BaseAddress);
        _client = SegnalsCatalog.CreateClient(_http);
        _caller = new ApiCallers(loadKeyInfo: null).Local(_recorder.Key);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _recorder.DisposeAsync();
    }

    /// <summary>Sends what the client built, the way the tools do.</summary>
    private Task<JsonElement> Send(Task<HttpRequestMessage> building) => ApiExchange.SendAsync(_client.Client, building, CancellationToken.None);

    [Fact]
    public async Task Unset_query_values_are_left_out_and_the_rest_keep_catalog_order()
    {
        await Send(_client.GetTradesAsync(_caller, limit: 10));
        await Send(_client.GetTradesAsync(_caller, botId: 42, offset: 0));
        await Send(_client.ListBotsAsync(_caller));

        Assert.Equal(["/api/bots/trades?limit=10", "/api/bots/trades?bot_id=42&offset=0", "/api/bots/"], _recorder.Requests.Select(request => request.RawTarget));
    }

    [Fact]
    public async Task Query_and_path_values_are_escaped()
    {
        await Send(_client.SearchKnowledgeAsync(_caller, "grid & dca/äé=1"));
        await Send(_client.GetListingAsync(_caller, "a b/../c?d"));

        Assert.Equal(
            ["/api/knowledge/search?q=grid%20%26%20dca%2F%C3%A4%C3%A9%3D1", "/api/marketplace/a%20b%2F..%2Fc%3Fd"],
            _recorder.Requests.Select(request => request.RawTarget));
    }

    [Fact]
    public async Task Optional_body_members_left_unset_or_json_null_are_not_sent()
    {
        using var nothing = JsonDocument.Parse("null");

        await Send(_client.UpdateBotAsync(_caller, 7, new UpdateBotBody { Name = null, Config = nothing.RootElement }));
        await Send(_client.UpdateBotAsync(_caller, 7, new UpdateBotBody { Config = default(JsonElement) }));

        Assert.All(_recorder.Requests, request => Assert.Equal("""{"client":"mcp"}""", request.Body));
    }

    [Fact]
    public async Task Json_arguments_go_out_as_given_and_false_and_numbers_are_written()
    {
        using var config = JsonDocument.Parse("""{ "leverage": 5, "grid": [1, 2.50, {"x": null}] }""");

        await Send(_client.SetIndicatorFilterAsync(_caller, 42, "ema_cross", new SetIndicatorFilterBody { Enabled = false, Params = config.RootElement }));
        await Send(_client.PublishListingAsync(_caller, new PublishListingBody { SourceBotId = 42, Title = "Grid \"1\"", Description = "D", PriceUsd = 0.1 }));

        Assert.Equal(
            [
                """PUT /api/bots/42/filters/ema_cross {"enabled":false,"params":{"leverage":5,"grid":[1,2.50,{"x":null}]},"client":"mcp"}""",
                """POST /api/marketplace/listings {"source_bot_id":42,"title":"Grid \u00221\u0022","description":"D","price_usd":0.1,"seller_terms_version":"2026-01","client":"mcp"}""",
            ],
            _recorder.Requests.Select(request => $"{request.Method} {request.RawTarget} {request.Body}"));
    }

    [Fact]
    public async Task A_body_of_constants_only_is_sent_whole()
    {
        await Send(_client.StopBotAsync(_caller, 3, new StopBotBody()));

        var request = Assert.Single(_recorder.Requests);
        Assert.Equal(("POST", "/api/bots/3/control", """{"action":"stop","client":"mcp"}"""), (request.Method, request.RawTarget, request.Body));
        Assert.Equal("application/json", request.Header("Content-Type"));
    }
}
