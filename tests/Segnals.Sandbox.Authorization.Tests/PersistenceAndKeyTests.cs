using System.Net;
using System.Text.Json;
using Segnals.Sandbox.Authorization.Tests.Infrastructure;
using Xunit;

namespace Segnals.Sandbox.Authorization.Tests;

public sealed class PersistenceAndKeyTests
{
    private const string Redirect = "http://127.0.0.1:7777/callback";

    [Fact]
    public async Task Keys_clients_passwords_and_grants_survive_a_restart_on_the_same_database()
    {
        using var database = new TempDatabase();
        var path = database.Path;
        string clientId, refreshToken, kid, password, accessToken;
        int port;
        ResourceServer rs;
        await using (var first = await TestAuthServer.StartAsync(path))
        {
            using var session = first.Session();
            (clientId, var tokens) = await session.GetTokensAsync("read:bots", TestAuthServer.McpResource, redirectUri: Redirect);
            refreshToken = tokens.GetProperty("refresh_token").GetString()!;
            accessToken = tokens.GetProperty("access_token").GetString()!;
            kid = first.Auth.SigningKeys.Single().KeyId;
            rs = await ResourceServer.RegisterAsync(first);
            password = first.DemoPassword;
            port = first.Origin.Port;
        }

        // A fresh server on the same file and origin (the issuer is the origin, so the port must stay).
        await using var second = await TestAuthServer.StartAsync(path, port: port);
        using var again = second.Session();
        Assert.Equal(kid, second.Auth.SigningKeys.Single().KeyId);
        Assert.Equal(kid, JsonDocument.Parse(await again.Http.GetStringAsync("/oauth/jwks")).RootElement.GetProperty("keys")[0].GetProperty("kid").GetString());
        // The token signed before the restart still validates against the JWKS after it.
        var validation = await Jwks.ValidateAsync(again.Http, accessToken, second.Issuer, TestAuthServer.McpResource.AbsoluteUri);
        Assert.True(validation.IsValid, validation.Exception?.Message);

        // The refresh token (encrypted with the stored key) and the client registration still work.
        var (status, refreshed) = await again.RefreshAsync(clientId, refreshToken);
        Assert.True(status == HttpStatusCode.OK, refreshed.ToString());
        var (introspected, body) = await rs.IntrospectAsync(again, refreshed.GetProperty("access_token").GetString()!);
        Assert.True(introspected == HttpStatusCode.OK && body.GetProperty("active").GetBoolean(), body.ToString());
        var pkce = Pkce.New();
        var code = await again.AuthorizeAsync(clientId, Redirect, "read:bots", TestAuthServer.McpResource, pkce);
        Assert.Equal(HttpStatusCode.OK, (await again.RedeemCodeAsync(clientId, code, Redirect, pkce, TestAuthServer.McpResource)).Status);
        Assert.NotEqual(password, second.DemoPassword);
    }

    [Fact]
    public async Task A_new_signing_key_signs_new_tokens_old_ones_validate_until_their_key_is_retired()
    {
        await using var server = await TestAuthServer.StartAsync();
        var rs = await ResourceServer.RegisterAsync(server);
        using var session = server.Session();
        var oldKid = server.Auth.SigningKeys.Single().KeyId;
        var (_, before) = await session.GetTokensAsync("read:bots", TestAuthServer.McpResource);
        var oldToken = before.GetProperty("access_token").GetString()!;

        var newKid = await server.Auth.AddSigningKeyAsync();

        Assert.Equal([newKid, oldKid], await KidsAsync(session));
        using var later = server.Session();
        var (_, after) = await later.GetTokensAsync("read:bots", TestAuthServer.McpResource);
        var newToken = after.GetProperty("access_token").GetString()!;
        Assert.Equal(newKid, Jwks.Read(newToken).Kid);
        Assert.True((await Jwks.ValidateAsync(session.Http, oldToken, server.Issuer, TestAuthServer.McpResource.AbsoluteUri)).IsValid);
        Assert.True((await Jwks.ValidateAsync(session.Http, newToken, server.Issuer, TestAuthServer.McpResource.AbsoluteUri)).IsValid);

        await server.Auth.RetireSigningKeyAsync(oldKid);

        Assert.Equal([newKid], await KidsAsync(session));
        Assert.False((await Jwks.ValidateAsync(session.Http, oldToken, server.Issuer, TestAuthServer.McpResource.AbsoluteUri)).IsValid);
        Assert.True((await Jwks.ValidateAsync(session.Http, newToken, server.Issuer, TestAuthServer.McpResource.AbsoluteUri)).IsValid);
        // The server itself no longer trusts what the retired key signed.
        Assert.False((await rs.IntrospectAsync(session, oldToken)).Body.GetProperty("active").GetBoolean());
        Assert.True((await rs.IntrospectAsync(session, newToken)).Body.GetProperty("active").GetBoolean());
        await Assert.ThrowsAsync<InvalidOperationException>(() => server.Auth.RetireSigningKeyAsync(newKid));
    }

    private static async Task<string[]> KidsAsync(OAuthSession session) =>
        [.. JsonDocument.Parse(await session.Http.GetStringAsync("/oauth/jwks")).RootElement.GetProperty("keys").EnumerateArray().Select(k => k.GetProperty("kid").GetString()!)];
}
