using System.Net;
using Segnals.Sandbox.Authorization.Tests.Infrastructure;
using Xunit;

namespace Segnals.Sandbox.Authorization.Tests;

public sealed class RefreshAndRevocationTests
{
    [Fact]
    public async Task A_refresh_token_works_once_and_its_reuse_is_refused_and_revokes_the_chain()
    {
        await using var server = await TestAuthServer.StartAsync();
        using var session = server.Session();
        var (clientId, tokens) = await session.GetTokensAsync("read:bots read:stats", TestAuthServer.McpResource);
        var first = tokens.GetProperty("refresh_token").GetString()!;

        var (status, refreshed) = await session.RefreshAsync(clientId, first);
        Assert.True(status == HttpStatusCode.OK, refreshed.ToString());
        var second = refreshed.GetProperty("refresh_token").GetString()!;
        Assert.NotEqual(first, second);
        // Scopes come back in the catalog's order.
        Assert.Equal("read:stats read:bots", refreshed.GetProperty("scope").GetString());
        var jwt = Jwks.Read(refreshed.GetProperty("access_token").GetString()!);
        Assert.Equal([TestAuthServer.McpResource.AbsoluteUri], Jwks.Audiences(jwt));

        var (reuse, reuseBody) = await session.RefreshAsync(clientId, first);
        Assert.Equal(HttpStatusCode.BadRequest, reuse);
        Assert.Equal("invalid_grant", reuseBody.GetProperty("error").GetString());

        // Reuse of a rotated refresh token means it leaked: the tokens issued after it are revoked too.
        var (afterReuse, _) = await session.RefreshAsync(clientId, second);
        Assert.Equal(HttpStatusCode.BadRequest, afterReuse);
    }

    [Fact]
    public async Task Refresh_may_narrow_the_scope_but_never_widen_it()
    {
        await using var server = await TestAuthServer.StartAsync();
        using var session = server.Session();
        var (clientId, tokens) = await session.GetTokensAsync("read:bots read:stats", TestAuthServer.McpResource);

        var (narrow, narrowed) = await session.TokenAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token", ["client_id"] = clientId, ["refresh_token"] = tokens.GetProperty("refresh_token").GetString()!, ["scope"] = "read:bots",
        });
        Assert.True(narrow == HttpStatusCode.OK, narrowed.ToString());
        // The response may leave scope out when it is what was asked for (RFC 6749 §5.1); the token says it.
        Assert.Equal("read:bots", Jwks.Scope(Jwks.Read(narrowed.GetProperty("access_token").GetString()!)));

        var (wide, widened) = await session.TokenAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token", ["client_id"] = clientId, ["refresh_token"] = narrowed.GetProperty("refresh_token").GetString()!, ["scope"] = "read:bots write:bots",
        });
        Assert.Equal(HttpStatusCode.BadRequest, wide);
        // OpenIddict calls a scope beyond the grant an invalid grant rather than an invalid scope.
        Assert.Equal("invalid_grant", widened.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Revoking_the_refresh_token_ends_the_grant_its_access_token_goes_inactive()
    {
        await using var server = await TestAuthServer.StartAsync();
        var rs = await ResourceServer.RegisterAsync(server);
        using var session = server.Session();
        var (clientId, tokens) = await session.GetTokensAsync("read:bots", TestAuthServer.McpResource);
        var accessToken = tokens.GetProperty("access_token").GetString()!;
        var refreshToken = tokens.GetProperty("refresh_token").GetString()!;
        Assert.True((await rs.IntrospectAsync(session, accessToken)).Body.GetProperty("active").GetBoolean());

        var (revoked, _) = await session.PostFormAsync("/oauth/revoke", new Dictionary<string, string> { ["client_id"] = clientId, ["token"] = refreshToken, ["token_type_hint"] = "refresh_token" });

        Assert.Equal(HttpStatusCode.OK, revoked);
        var (refresh, body) = await session.RefreshAsync(clientId, refreshToken);
        Assert.Equal(HttpStatusCode.BadRequest, refresh);
        Assert.Equal("invalid_grant", body.GetProperty("error").GetString());
        Assert.False((await rs.IntrospectAsync(session, accessToken)).Body.GetProperty("active").GetBoolean());
    }

    [Fact]
    public async Task Another_client_cannot_revoke_or_refresh_a_clients_tokens()
    {
        await using var server = await TestAuthServer.StartAsync();
        using var session = server.Session();
        var (clientId, tokens) = await session.GetTokensAsync("read:bots", TestAuthServer.McpResource);
        var intruder = await session.RegisterClientAsync("http://127.0.0.1:7777/callback", "Intruder");
        var refreshToken = tokens.GetProperty("refresh_token").GetString()!;

        var (refresh, _) = await session.RefreshAsync(intruder, refreshToken);
        Assert.Equal(HttpStatusCode.BadRequest, refresh);
        await session.PostFormAsync("/oauth/revoke", new Dictionary<string, string> { ["client_id"] = intruder, ["token"] = refreshToken });

        var (own, ownBody) = await session.RefreshAsync(clientId, refreshToken);
        Assert.True(own == HttpStatusCode.OK, ownBody.ToString());
    }
}
