using System.Text.Json;
using Segnals.Sandbox.Authorization.Tests.Infrastructure;
using Xunit;

namespace Segnals.Sandbox.Authorization.Tests;

public sealed class MetadataTests
{
    [Fact]
    public async Task Metadata_names_the_sandbox_as_issuer_and_every_endpoint_with_S256_only()
    {
        await using var server = await TestAuthServer.StartAsync();
        using var session = server.Session();
        var json = JsonDocument.Parse(await session.Http.GetStringAsync("/.well-known/oauth-authorization-server")).RootElement;

        var issuer = server.Origin.AbsoluteUri;
        Assert.Equal(issuer, json.GetProperty("issuer").GetString());
        Assert.Equal(issuer + "oauth/authorize", json.GetProperty("authorization_endpoint").GetString());
        Assert.Equal(issuer + "oauth/token", json.GetProperty("token_endpoint").GetString());
        Assert.Equal(issuer + "oauth/introspect", json.GetProperty("introspection_endpoint").GetString());
        Assert.Equal(issuer + "oauth/revoke", json.GetProperty("revocation_endpoint").GetString());
        Assert.Equal(issuer + "oauth/jwks", json.GetProperty("jwks_uri").GetString());
        Assert.Equal(issuer + "oauth/register", json.GetProperty("registration_endpoint").GetString());
        Assert.True(json.GetProperty("client_id_metadata_document_supported").GetBoolean());
        Assert.Equal(["S256"], Strings(json, "code_challenge_methods_supported"));
        Assert.Contains("urn:ietf:params:oauth:grant-type:token-exchange", Strings(json, "grant_types_supported"));
        Assert.Contains("refresh_token", Strings(json, "grant_types_supported"));
        Assert.Contains("none", Strings(json, "token_endpoint_auth_methods_supported"));
        foreach (var scope in SandboxAccounts.Scopes)
        {
            Assert.Contains(scope.Name, Strings(json, "scopes_supported"));
        }

        // OpenID Connect discovery answers too, with the same issuer.
        var oidc = JsonDocument.Parse(await session.Http.GetStringAsync("/.well-known/openid-configuration")).RootElement;
        Assert.Equal(issuer, oidc.GetProperty("issuer").GetString());
    }

    [Fact]
    public async Task Jwks_publishes_one_RSA_signing_key_with_a_key_id_and_no_private_part()
    {
        await using var server = await TestAuthServer.StartAsync();
        using var session = server.Session();
        var keys = JsonDocument.Parse(await session.Http.GetStringAsync("/oauth/jwks")).RootElement.GetProperty("keys").EnumerateArray().ToList();

        var key = Assert.Single(keys);
        Assert.Equal("RSA", key.GetProperty("kty").GetString());
        Assert.Equal("sig", key.GetProperty("use").GetString());
        Assert.Equal(server.Auth.SigningKeys.Single().KeyId, key.GetProperty("kid").GetString());
        Assert.False(key.TryGetProperty("d", out _));
        Assert.False(key.TryGetProperty("p", out _));
    }

    private static string[] Strings(JsonElement json, string name) => [.. json.GetProperty(name).EnumerateArray().Select(e => e.GetString()!)];
}
