using System.Net;
using Segnals.Sandbox.Authorization.Tests.Infrastructure;
using Xunit;

namespace Segnals.Sandbox.Authorization.Tests;

public sealed class IntrospectionTests
{
    [Fact]
    public async Task The_resource_server_sees_an_active_token_with_its_user_scope_and_audience()
    {
        await using var server = await TestAuthServer.StartAsync();
        var rs = await ResourceServer.RegisterAsync(server);
        using var session = server.Session();
        var (_, tokens) = await session.GetTokensAsync("read:account read:bots", TestAuthServer.ReadOnlyResource);

        var (status, body) = await rs.IntrospectAsync(session, tokens.GetProperty("access_token").GetString()!);

        Assert.True(status == HttpStatusCode.OK, body.ToString());
        Assert.True(body.GetProperty("active").GetBoolean());
        Assert.Equal("demo", body.GetProperty("sub").GetString());
        Assert.Equal("read:account read:bots", body.GetProperty("scope").GetString());
        Assert.Equal(server.Issuer, body.GetProperty("iss").GetString());
        Assert.Contains(TestAuthServer.ReadOnlyResource.AbsoluteUri, body.GetProperty("aud").ToString());
    }

    [Fact]
    public async Task Garbage_and_tokens_for_resources_the_client_does_not_serve_are_inactive()
    {
        await using var server = await TestAuthServer.StartAsync();
        var readOnlyServer = await ResourceServer.RegisterAsync(server, "readonly-rs", TestAuthServer.ReadOnlyResource);
        using var session = server.Session();
        var (_, tokens) = await session.GetTokensAsync("read:bots", TestAuthServer.McpResource);

        var (_, foreign) = await readOnlyServer.IntrospectAsync(session, tokens.GetProperty("access_token").GetString()!);
        Assert.False(foreign.GetProperty("active").GetBoolean());
        var (_, garbage) = await readOnlyServer.IntrospectAsync(session, "not-a-token");
        Assert.False(garbage.GetProperty("active").GetBoolean());
    }

    [Fact]
    public async Task Introspection_requires_client_authentication()
    {
        await using var server = await TestAuthServer.StartAsync();
        var rs = await ResourceServer.RegisterAsync(server);
        using var session = server.Session();
        var (clientId, tokens) = await session.GetTokensAsync("read:bots", TestAuthServer.McpResource);
        var token = tokens.GetProperty("access_token").GetString()!;

        var (anonymous, anonymousBody) = await session.PostFormAsync("/oauth/introspect", new Dictionary<string, string> { ["token"] = token });
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous);
        Assert.Equal("invalid_client", anonymousBody.GetProperty("error").GetString());

        var (publicClient, publicBody) = await session.PostFormAsync("/oauth/introspect", new Dictionary<string, string> { ["token"] = token, ["client_id"] = clientId });
        Assert.Equal(HttpStatusCode.BadRequest, publicClient);
        Assert.False(publicBody.TryGetProperty("active", out _));

        var (wrongSecret, wrongBody) = await session.PostFormAsync("/oauth/introspect", new Dictionary<string, string> { ["token"] = token }, (rs.ClientId, rs.Secret + "x"));
        Assert.Equal(HttpStatusCode.Unauthorized, wrongSecret);
        Assert.Equal("invalid_client", wrongBody.GetProperty("error").GetString());
    }

    [Fact]
    public async Task With_reference_tokens_the_access_token_is_opaque_and_only_introspection_reads_it()
    {
        await using var server = await TestAuthServer.StartAsync(configure: o => o.UseReferenceAccessTokens = true);
        var rs = await ResourceServer.RegisterAsync(server);
        using var session = server.Session();
        var (_, tokens) = await session.GetTokensAsync("read:bots", TestAuthServer.McpResource);
        var token = tokens.GetProperty("access_token").GetString()!;

        Assert.DoesNotContain('.', token);
        var (_, body) = await rs.IntrospectAsync(session, token);
        Assert.True(body.GetProperty("active").GetBoolean(), body.ToString());
        Assert.Equal("read:bots", body.GetProperty("scope").GetString());
        Assert.Equal("demo", body.GetProperty("sub").GetString());
        // An opaque token is exchanged like a JWT.
        var (exchanged, key) = await rs.ExchangeAsync(session, token, server.Host.BaseAddress);
        Assert.True(exchanged == HttpStatusCode.OK, key.ToString());
        Assert.StartsWith("sk_test_", key.GetProperty("access_token").GetString());
    }
}
