using System.Collections.Concurrent;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

using Segnals.Testing;

namespace Segnals.Mcp.HttpServer.Tests.Infrastructure;

/// <summary>
/// An authorization server of the test's own on 127.0.0.1, for the tokens a real one would never issue (expired, not
/// yet valid, another issuer, a forged signature, no audience) and for faults (introspection down): RFC 8414 metadata,
/// a JWKS of keys the test adds and removes, RFC 7662 introspection answering what the test scripts, and RFC 8693 token
/// exchange answering with the API key the test names. It counts what reaches each endpoint and checks the resource
/// server's client credentials on the back channel.
/// </summary>
internal sealed class TestIssuer : IAsyncDisposable
{
    public const string ClientId = "segnals-mcp-test";

    private static readonly JsonWebTokenHandler Handler = new();

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, RsaSecurityKey> _keys = new();
    private readonly ConcurrentDictionary<string, JsonObject> _introspection = new(StringComparer.Ordinal);

    private TestIssuer(WebApplication app, Uri origin)
    {
        _app = app;
        Origin = origin;
    }

    /// <summary>e.g. http://127.0.0.1:41234/ (with the slash: the issuer identifier, exactly).</summary>
    public string Issuer => Origin.AbsoluteUri;

    public Uri Origin { get; }

    public string ClientSecret { get; } = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));

    /// <summary>What token exchange answers with: the API key the test's backend expects.</summary>
    public string? DelegatedKey { get; set; }

    /// <summary>When set, the introspection endpoint answers 503 (the authorization server is in trouble).</summary>
    public bool IntrospectionDown { get; set; }

    /// <summary>When set, the token endpoint refuses every exchange with invalid_grant.</summary>
    public bool RefuseExchanges { get; set; }

    public int MetadataRequests => _counts.GetValueOrDefault("metadata");

    public int IntrospectionRequests => _counts.GetValueOrDefault("introspect");

    public int ExchangeRequests => _counts.GetValueOrDefault("exchange");

    /// <summary>Back-channel requests whose client credentials were wrong (should stay 0).</summary>
    public int BadClientRequests => _counts.GetValueOrDefault("bad-client");

    private readonly ConcurrentDictionary<string, int> _counts = new();

    public static async Task<TestIssuer> StartAsync()
    {
        var app = LoopbackWebApp.CreateBuilder().Build();
        TestIssuer? issuer = null;
        app.Run(context => issuer!.HandleAsync(context));
        issuer = new TestIssuer(app, await LoopbackWebApp.StartAsync(app));
        issuer.AddKey();
        return issuer;
    }

    /// <summary>Adds a signing key to the JWKS; returns its kid.</summary>
    public string AddKey()
    {
        var kid = "test-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        _keys[kid] = new RsaSecurityKey(RSA.Create(2048)) { KeyId = kid };
        return kid;
    }

    public void RemoveKey(string kid) => _keys.TryRemove(kid, out _);

    public string FirstKeyId => _keys.Keys.First();

    /// <summary>A signed JWT access token; every part can be set wrong on purpose.</summary>
    /// <param name="audience">The aud; null writes none.</param>
    public string Mint(string? audience, string scope = "read:account read:bots", TimeSpan? expiresIn = null, TimeSpan? notBeforeIn = null,
        string? issuer = null, string? keyId = null, RsaSecurityKey? signWith = null, string subject = "demo")
    {
        var now = DateTime.UtcNow;
        var notBefore = now + (notBeforeIn ?? TimeSpan.FromSeconds(-5));
        var expires = now + (expiresIn ?? TimeSpan.FromMinutes(10));
        var key = signWith ?? _keys[keyId ?? FirstKeyId];
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = issuer ?? Issuer,
            TokenType = "at+jwt",
            IssuedAt = notBefore < expires ? notBefore : expires.AddMinutes(-1),
            NotBefore = notBefore < expires ? notBefore : expires.AddMinutes(-1),
            Expires = expires,
            Subject = new ClaimsIdentity([new Claim("sub", subject), new Claim("client_id", "some-mcp-client")]),
            Claims = new Dictionary<string, object> { ["scope"] = scope },
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
        };
        if (audience is not null)
        {
            descriptor.Audience = audience;
        }

        return Handler.CreateToken(descriptor);
    }

    /// <summary>An opaque token whose introspection answers <paramref name="answer"/> (e.g. {"active":false}).</summary>
    public string Opaque(JsonObject answer)
    {
        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_').TrimEnd('=');
        _introspection[token] = answer;
        return token;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? string.Empty;
        switch (path)
        {
            case "/.well-known/oauth-authorization-server":
                Count("metadata");
                await Json(context, 200, new JsonObject
                {
                    ["issuer"] = Issuer,
                    ["authorization_endpoint"] = Issuer + "authorize",
                    ["token_endpoint"] = Issuer + "token",
                    ["introspection_endpoint"] = Issuer + "introspect",
                    ["jwks_uri"] = Issuer + "jwks",
                    ["response_types_supported"] = new JsonArray("code"),
                    ["code_challenge_methods_supported"] = new JsonArray("S256"),
                });
                return;
            case "/jwks":
                var keys = new JsonArray();
                foreach (var key in _keys.Values)
                {
                    var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(key.Rsa.ExportParameters(false)) { KeyId = key.KeyId });
                    keys.Add(new JsonObject { ["kty"] = "RSA", ["use"] = "sig", ["alg"] = "RS256", ["kid"] = jwk.Kid, ["n"] = jwk.N, ["e"] = jwk.E });
                }

                await Json(context, 200, new JsonObject { ["keys"] = keys });
                return;
            case "/introspect" when context.Request.Method == "POST":
                Count("introspect");
                if (!await ClientAuthenticatedAsync(context))
                {
                    return;
                }

                if (IntrospectionDown)
                {
                    await Json(context, 503, new JsonObject { ["error"] = "temporarily_unavailable" });
                    return;
                }

                var form = await context.Request.ReadFormAsync();
                await Json(context, 200, _introspection.TryGetValue(form["token"].ToString(), out var answer) ? answer.DeepClone() : new JsonObject { ["active"] = false });
                return;
            case "/token" when context.Request.Method == "POST":
                Count("exchange");
                if (!await ClientAuthenticatedAsync(context))
                {
                    return;
                }

                await ExchangeAsync(context);
                return;
            default:
                context.Response.StatusCode = 404;
                return;
        }
    }

    private async Task ExchangeAsync(HttpContext context)
    {
        var form = await context.Request.ReadFormAsync();
        if (form["grant_type"] != "urn:ietf:params:oauth:grant-type:token-exchange" || form["subject_token_type"] != "urn:ietf:params:oauth:token-type:access_token")
        {
            await Json(context, 400, new JsonObject { ["error"] = "unsupported_grant_type" });
            return;
        }

        if (RefuseExchanges || DelegatedKey is null)
        {
            await Json(context, 400, new JsonObject { ["error"] = "invalid_grant", ["error_description"] = "The subject token's grant is no longer valid." });
            return;
        }

        var subject = form["subject_token"].ToString();
        var scope = _introspection.TryGetValue(subject, out var introspected) ? (string?)introspected["scope"]
            : Handler.CanReadToken(subject) ? Handler.ReadJsonWebToken(subject).GetPayloadValue<string>("scope") : null;
        await Json(context, 200, new JsonObject
        {
            ["access_token"] = DelegatedKey,
            ["issued_token_type"] = "urn:ietf:params:oauth:token-type:access_token",
            ["token_type"] = "Bearer",
            ["expires_in"] = 300,
            ["scope"] = scope,
        });
    }

    private async Task<bool> ClientAuthenticatedAsync(HttpContext context)
    {
        var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(ClientId + ":" + ClientSecret));
        if (context.Request.Headers.Authorization.ToString() == expected)
        {
            return true;
        }

        Count("bad-client");
        await Json(context, 401, new JsonObject { ["error"] = "invalid_client" });
        return false;
    }

    private void Count(string what) => _counts.AddOrUpdate(what, 1, (_, count) => count + 1);

    private static async Task Json(HttpContext context, int status, JsonNode body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString());
    }
}
