using System.Text.Json;
using Segnals.Mcp.Runtime.Http;
using Segnals.Mcp.Runtime.Tests.Testing;
using Segnals.Testing;

namespace Segnals.Mcp.Runtime.Tests.Http;

/// <summary>What goes on the wire: the exact URL, headers and body.</summary>
public sealed class RequestShapeTests : IAsyncLifetime
{
    private readonly ReplySequence _replies = new();
    private ScriptedBackend _backend = null!;

    public async Task InitializeAsync() => _backend = await ScriptedBackend.StartAsync(_replies.AnswerAsync, TestKeys.ApiKey);

    public async Task DisposeAsync() => await _backend.DisposeAsync();

    [Theory]
    [InlineData("api")]
    [InlineData("api/")]
    public async Task Joins_the_path_under_the_base_path_with_or_without_a_trailing_slash(string basePath)
    {
        var root = new Uri(_backend.BaseAddress, "/");
        using var transport = Transports.For(new Uri(root, basePath));

        await transport.SendAsync(Transports.Get("/bots/42/logs?limit=50"), CancellationToken.None);

        Assert.Equal("/api/bots/42/logs?limit=50", Assert.Single(_backend.Requests).RawTarget);
    }

    [Fact]
    public async Task Keeps_escaped_path_values_and_query_escaped()
    {
        using var transport = Transports.For(_backend.BaseAddress);
        var path = "/bots/" + Uri.EscapeDataString("x y") + "?symbol=" + Uri.EscapeDataString("BTC/USDT") + "&q=" + Uri.EscapeDataString("a b&c");

        await transport.SendAsync(Transports.Get(path), CancellationToken.None);

        Assert.Equal("/api/bots/x%20y?symbol=BTC%2FUSDT&q=a%20b%26c", Assert.Single(_backend.Requests).RawTarget);
    }

    [Fact]
    public async Task A_get_carries_the_bearer_key_accept_and_user_agent_and_no_body_headers()
    {
        using var transport = Transports.For(_backend.BaseAddress);

        await transport.SendAsync(Transports.Get("/user/me"), CancellationToken.None);

        var request = Assert.Single(_backend.Requests);
        Assert.Equal("GET", request.Method);
        Assert.True(request.BearerMatched, "Authorization was not \"Bearer \" with the test key.");
        Assert.Equal("application/json", request.Header("Accept"));
        Assert.Equal("segnals-mcp", request.Header("User-Agent"));
        Assert.Null(request.Header("Content-Type"));
        Assert.Null(request.Header("Idempotency-Key"));
        Assert.Empty(request.Body);
    }

    [Fact]
    public async Task A_post_sends_the_exact_json_body_with_content_type_and_an_idempotency_key()
    {
        using var transport = Transports.For(_backend.BaseAddress);
        await transport.SendAsync(Transports.Post("/bots/create", """{"exchange":"bybit","name":"Grid #1","client":"mcp"}"""), CancellationToken.None);

        var request = Assert.Single(_backend.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/api/bots/create", request.RawTarget);
        Assert.Equal("application/json", request.Header("Content-Type"));
        Assert.Equal("""{"exchange":"bybit","name":"Grid #1","client":"mcp"}""", request.Body);
        Assert.Matches("^[0-9a-f]{32}$", request.Header("Idempotency-Key"));
    }

    [Fact]
    public async Task Put_and_delete_carry_an_idempotency_key_too()
    {
        using var transport = Transports.For(_backend.BaseAddress);

        await transport.SendAsync(Transports.Put("/bots/7"), CancellationToken.None);
        await transport.SendAsync(Transports.Delete("/bots/7"), CancellationToken.None);

        Assert.All(_backend.Requests, request => Assert.Matches("^[0-9a-f]{32}$", request.Header("Idempotency-Key")));
    }

    [Fact]
    public async Task Each_call_gets_its_own_idempotency_key()
    {
        using var transport = Transports.For(_backend.BaseAddress);

        await transport.SendAsync(Transports.Post("/bots/create"), CancellationToken.None);
        await transport.SendAsync(Transports.Post("/bots/create"), CancellationToken.None);

        var keys = _backend.Requests.Select(request => request.Header("Idempotency-Key")).ToArray();
        Assert.Equal(2, keys.Distinct().Count());
    }

    [Fact]
    public async Task A_created_answer_returns_its_parsed_body()
    {
        _replies.Reply(new ScriptedReply(201, """{"msg":"created","bot_id":17}"""));
        using var transport = Transports.For(_backend.BaseAddress);

        var response = await transport.SendAsync(Transports.Post("/bots/create"), CancellationToken.None);

        Assert.Equal(17, response.Body.GetProperty("bot_id").GetInt32());
    }

    [Fact]
    public async Task An_empty_success_body_is_undefined()
    {
        _replies.Reply(new ScriptedReply(204));
        using var transport = Transports.For(_backend.BaseAddress);

        var response = await transport.SendAsync(Transports.Delete("/bots/7"), CancellationToken.None);

        Assert.Equal(JsonValueKind.Undefined, response.Body.ValueKind);
    }

    [Fact]
    public async Task Concurrent_calls_on_one_transport_all_succeed()
    {
        _replies.Reply(new ScriptedReply(200, """{"ok":true}"""));
        using var transport = Transports.For(_backend.BaseAddress);

        var responses = await Task.WhenAll(Enumerable.Range(0, 20)
            .Select(index => transport.SendAsync(Transports.Get($"/bots/{index}"), CancellationToken.None)));

        Assert.All(responses, response => Assert.True(response.Body.GetProperty("ok").GetBoolean()));
        Assert.Equal(20, _backend.Requests.Select(request => request.RawTarget).Distinct().Count());
    }

    [Fact]
    public async Task Concurrent_calls_of_two_callers_on_one_client_each_carry_their_own_key()
    {
        using var transport = Transports.For(_backend.BaseAddress);
        var other = new Segnals.Mcp.Runtime.Callers.ApiCallers(loadKeyInfo: null).ForKey(CanaryKey.New());

        await Task.WhenAll(Enumerable.Range(0, 20)
            .Select(index => transport.SendAsync(Transports.Get($"/bots/{index}", index % 2 == 0 ? Transports.Caller : other), CancellationToken.None)));

        var requests = _backend.Requests.ToList();
        Assert.Equal(20, requests.Count);
        Assert.All(requests, request => Assert.Equal(int.Parse(request.RawTarget.Split('/')[^1]) % 2 == 0, request.BearerMatched));
    }

    [Fact]
    public async Task A_request_without_its_caller_is_never_sent()
    {
        using var client = ApiHttpClient.Create(new ApiClientOptions { BaseAddress = _backend.BaseAddress });

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => client.GetAsync(new Uri(_backend.BaseAddress.AbsoluteUri.TrimEnd('/') + "/bots/")));

        Assert.Contains("must carry its ApiCaller", error.Message, StringComparison.Ordinal);
        Assert.Empty(_backend.Requests);
    }
}
