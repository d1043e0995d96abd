using System.Net;
using System.Text.Json;

namespace Segnals.Sandbox.Authorization.Tests.Infrastructure;

/// <summary>The hosted MCP server's side of the AS, as a confidential client: introspection and token exchange.</summary>
public sealed record ResourceServer(string ClientId, string Secret)
{
    public static async Task<ResourceServer> RegisterAsync(TestAuthServer server, string clientId = "segnals-mcp", params Uri[] served)
    {
        var secret = await server.Auth.RegisterResourceServerAsync(clientId, served.Length == 0 ? [TestAuthServer.McpResource, TestAuthServer.ReadOnlyResource] : served);
        return new ResourceServer(clientId, secret);
    }

    public Task<(HttpStatusCode Status, JsonElement Body)> IntrospectAsync(OAuthSession session, string token) =>
        session.PostFormAsync("/oauth/introspect", new Dictionary<string, string> { ["token"] = token }, (ClientId, Secret));

    public Task<(HttpStatusCode Status, JsonElement Body)> ExchangeAsync(OAuthSession session, string subjectToken, Uri resource, string? scope = null)
    {
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "urn:ietf:params:oauth:grant-type:token-exchange",
            ["subject_token"] = subjectToken,
            ["subject_token_type"] = "urn:ietf:params:oauth:token-type:access_token",
            ["resource"] = resource.AbsoluteUri,
        };
        if (scope is not null)
        {
            form["scope"] = scope;
        }
        return session.TokenAsync(form, (ClientId, Secret));
    }
}
