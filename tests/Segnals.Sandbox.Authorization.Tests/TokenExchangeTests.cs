using System.Net;
using Segnals.Sandbox.Authorization.Tests.Infrastructure;
using Xunit;

namespace Segnals.Sandbox.Authorization.Tests;

public sealed class TokenExchangeTests
{
    [Fact]
    public async Task The_resource_server_gets_a_short_lived_sandbox_key_with_exactly_the_granted_scopes()
    {
        await using var server = await TestAuthServer.StartAsync();
        var rs = await ResourceServer.RegisterAsync(server);
        using var session = server.Session();
        var (_, tokens) = await session.GetTokensAsync("read:account read:bots write:bots", TestAuthServer.McpResource, keep: ["read:account", "read:bots"]);
        var accessToken = tokens.GetProperty("access_token").GetString()!;
        var tokenExpiry = Jwks.Read(accessToken).ValidTo;

        var (status, exchanged) = await rs.ExchangeAsync(session, accessToken, server.Host.BaseAddress);

        Assert.True(status == HttpStatusCode.OK, exchanged.ToString());
        var key = exchanged.GetProperty("access_token").GetString()!;
        Assert.StartsWith("sk_test_", key);
        Assert.Equal("urn:ietf:params:oauth:token-type:access_token", exchanged.GetProperty("issued_token_type").GetString());
        Assert.Equal("Bearer", exchanged.GetProperty("token_type").GetString());
        Assert.Equal("read:account read:bots", exchanged.GetProperty("scope").GetString());
        var expiresIn = exchanged.GetProperty("expires_in").GetInt64();
        Assert.InRange(expiresIn, 1, 600);
        Assert.True(DateTime.UtcNow.AddSeconds(expiresIn) <= tokenExpiry.AddSeconds(2), "the key outlives the token it came from");

        using var api = Api(server, key);
        var self = await api.GetAsync("keys/self");
        Assert.Equal(HttpStatusCode.OK, self.StatusCode);
        var selfJson = await self.Content.ReadAsStringAsync();
        Assert.Contains("OAuth delegated to segnals-mcp", selfJson);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("bots/")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("user/billing")).StatusCode);
        // write:bots was unticked on the consent page, and read:stats never asked for.
        Assert.Equal(HttpStatusCode.Forbidden, (await api.PostAsync("bots/create", new StringContent("{\"exchange\":\"bybit\"}", System.Text.Encoding.UTF8, "application/json"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await api.GetAsync("stats/pnl")).StatusCode);
    }

    [Fact]
    public async Task The_exchange_may_narrow_the_scopes_but_not_widen_them()
    {
        await using var server = await TestAuthServer.StartAsync();
        var rs = await ResourceServer.RegisterAsync(server);
        using var session = server.Session();
        var (_, tokens) = await session.GetTokensAsync("read:account read:bots", TestAuthServer.McpResource);
        var accessToken = tokens.GetProperty("access_token").GetString()!;

        var (narrow, narrowed) = await rs.ExchangeAsync(session, accessToken, server.Host.BaseAddress, scope: "read:bots");
        Assert.True(narrow == HttpStatusCode.OK, narrowed.ToString());
        Assert.Equal("read:bots", narrowed.GetProperty("scope").GetString());

        var (wide, widened) = await rs.ExchangeAsync(session, accessToken, server.Host.BaseAddress, scope: "read:bots write:bots");
        Assert.Equal(HttpStatusCode.BadRequest, wide);
        Assert.Equal("invalid_scope", widened.GetProperty("error").GetString());
    }

    [Fact]
    public async Task A_client_that_is_not_a_resource_server_cannot_exchange()
    {
        await using var server = await TestAuthServer.StartAsync();
        using var session = server.Session();
        var (clientId, tokens) = await session.GetTokensAsync("read:bots", TestAuthServer.McpResource);

        var (status, body) = await session.TokenAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "urn:ietf:params:oauth:grant-type:token-exchange",
            ["client_id"] = clientId,
            ["subject_token"] = tokens.GetProperty("access_token").GetString()!,
            ["subject_token_type"] = "urn:ietf:params:oauth:token-type:access_token",
            ["resource"] = server.Host.BaseAddress.AbsoluteUri,
        });

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.DoesNotContain("sk_test_", body.ToString());
        Assert.Equal("unauthorized_client", body.GetProperty("error").GetString());
    }

    [Fact]
    public async Task A_token_for_a_resource_the_server_does_not_serve_is_refused()
    {
        await using var server = await TestAuthServer.StartAsync();
        var readOnlyServer = await ResourceServer.RegisterAsync(server, "readonly-rs", TestAuthServer.ReadOnlyResource);
        using var session = server.Session();
        var (_, tokens) = await session.GetTokensAsync("read:bots", TestAuthServer.McpResource);

        var (status, body) = await readOnlyServer.ExchangeAsync(session, tokens.GetProperty("access_token").GetString()!, server.Host.BaseAddress);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("invalid_grant", body.GetProperty("error").GetString());
        Assert.Contains("not issued for a resource this client serves", body.GetProperty("error_description").GetString());
    }

    [Fact]
    public async Task The_exchange_is_only_for_the_sandbox_API_and_only_with_a_valid_token()
    {
        await using var server = await TestAuthServer.StartAsync();
        var rs = await ResourceServer.RegisterAsync(server);
        using var session = server.Session();
        var (_, tokens) = await session.GetTokensAsync("read:bots", TestAuthServer.McpResource);
        var accessToken = tokens.GetProperty("access_token").GetString()!;

        var (wrongResource, wrongBody) = await rs.ExchangeAsync(session, accessToken, TestAuthServer.McpResource);
        Assert.Equal(HttpStatusCode.BadRequest, wrongResource);
        Assert.Equal("invalid_target", wrongBody.GetProperty("error").GetString());

        var tampered = accessToken[..^4] + (accessToken[^4] == 'A' ? "BBBB" : "AAAA");
        var (badToken, _) = await rs.ExchangeAsync(session, tampered, server.Host.BaseAddress);
        Assert.Equal(HttpStatusCode.BadRequest, badToken);

        var (refreshAsSubject, _) = await rs.ExchangeAsync(session, tokens.GetProperty("refresh_token").GetString()!, server.Host.BaseAddress);
        Assert.Equal(HttpStatusCode.BadRequest, refreshAsSubject);
    }

    [Fact]
    public async Task Revoking_the_grant_revokes_the_keys_delegated_from_it()
    {
        await using var server = await TestAuthServer.StartAsync();
        var rs = await ResourceServer.RegisterAsync(server);
        using var session = server.Session();
        var (clientId, tokens) = await session.GetTokensAsync("read:bots", TestAuthServer.McpResource);
        var accessToken = tokens.GetProperty("access_token").GetString()!;
        var (_, first) = await rs.ExchangeAsync(session, accessToken, server.Host.BaseAddress);
        var (_, second) = await rs.ExchangeAsync(session, accessToken, server.Host.BaseAddress);
        using var firstApi = Api(server, first.GetProperty("access_token").GetString()!);
        using var secondApi = Api(server, second.GetProperty("access_token").GetString()!);
        Assert.Equal(HttpStatusCode.OK, (await firstApi.GetAsync("bots/")).StatusCode);

        var (revoked, _) = await session.PostFormAsync("/oauth/revoke", new Dictionary<string, string> { ["client_id"] = clientId, ["token"] = accessToken });

        Assert.Equal(HttpStatusCode.OK, revoked);
        Assert.Equal(HttpStatusCode.Unauthorized, (await firstApi.GetAsync("bots/")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await secondApi.GetAsync("bots/")).StatusCode);
        var (again, _) = await rs.ExchangeAsync(session, accessToken, server.Host.BaseAddress);
        Assert.Equal(HttpStatusCode.BadRequest, again);
    }

    [Fact]
    public async Task Client_credentials_give_a_resource_server_a_token_of_its_own_and_nothing_else()
    {
        await using var server = await TestAuthServer.StartAsync();
        var rs = await ResourceServer.RegisterAsync(server);
        using var session = server.Session();

        var (status, body) = await session.TokenAsync(new Dictionary<string, string> { ["grant_type"] = "client_credentials" }, (rs.ClientId, rs.Secret));

        Assert.True(status == HttpStatusCode.OK, body.ToString());
        var jwt = Jwks.Read(body.GetProperty("access_token").GetString()!);
        Assert.Equal(rs.ClientId, jwt.Subject);
        Assert.False(jwt.TryGetPayloadValue<string>("scope", out _));
        // Its own token is no user's: it cannot be exchanged for an API key.
        var (exchange, _) = await rs.ExchangeAsync(session, body.GetProperty("access_token").GetString()!, server.Host.BaseAddress);
        Assert.Equal(HttpStatusCode.BadRequest, exchange);

        var publicClient = await session.RegisterClientAsync("http://127.0.0.1:7777/callback");
        var (refused, _) = await session.TokenAsync(new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["client_id"] = publicClient });
        Assert.Equal(HttpStatusCode.BadRequest, refused);
    }

    private static HttpClient Api(TestAuthServer server, string key)
    {
        var http = new HttpClient { BaseAddress = new Uri(server.Host.BaseAddress.AbsoluteUri.TrimEnd('/') + "/") };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        return http;
    }
}
