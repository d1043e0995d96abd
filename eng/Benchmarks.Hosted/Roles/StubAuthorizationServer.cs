using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

using Segnals.Testing;

namespace Segnals.Benchmarks.Hosted.Roles;

/// <summary>
/// An authorization server for the OAuth cases, in the benchmark's own process: RFC 8414 metadata, a JWKS with one RSA
/// key, RFC 7662 introspection for the opaque tokens it handed out, and RFC 8693 token exchange answering with the stub
/// backend's key. It mints the tokens the clients send and counts the introspection and exchange requests it receives
/// (after the first call, the server under test should answer from its caches).
/// </summary>
internal sealed class StubAuthorizationServer : IAsyncDisposable
{
    public const string ClientId = "segnals-mcp-benchmark";

    /// <summary>The hosted server's public URL in the OAuth cases: tokens are minted for its /mcp.</summary>
    public const string PublicUrl = "https://mcp.benchmark.test";

    private readonly WebApplication _app;
    private readonly RsaSecurityKey _key = new(RSA.Create(2048)) { KeyId = "benchmark-1" };
    private readonly HashSet<string> _opaque = [];
    private int _introspections;
    private int _exchanges;

    private StubAuthorizationServer(WebApplication app, string issuer, string apiKey)
    {
        _app = app;
        Issuer = issuer;
        ApiKey = apiKey;
    }

    public string Issuer { get; }

    public string ApiKey { get; }

    public string ClientSecret { get; } = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));

    public int Introspections => Volatile.Read(ref _introspections);

    public int Exchanges => Volatile.Read(ref _exchanges);

    /// <param name="apiKey">What token exchange hands out: the key the stub backend serves.</param>
    public static async Task<StubAuthorizationServer> StartAsync(string apiKey)
    {
        var app = LoopbackWebApp.CreateBuilder().Build();
        StubAuthorizationServer? self = null;
        app.Run(context => self!.HandleAsync(context));
        self = new StubAuthorizationServer(app, (await LoopbackWebApp.StartAsync(app)).AbsoluteUri, apiKey);
        return self;
    }

    /// <summary>The hosted server's settings to be this server's protected resource.</summary>
    public IReadOnlyDictionary<string, string> Environment() => new Dictionary<string, string>
    {
        ["SEGNALS_OAUTH_ISSUER"] = Issuer,
        ["SEGNALS_MCP_PUBLIC_URL"] = PublicUrl,
        ["SEGNALS_OAUTH_CLIENT_ID"] = ClientId,
        ["SEGNALS_OAUTH_CLIENT_SECRET"] = ClientSecret,
    };

    public string MintJwt() => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = Issuer,
        Audience = PublicUrl + "/mcp",
        TokenType = "at+jwt",
        Expires = DateTime.UtcNow.AddHours(1),
        Subject = new ClaimsIdentity([new Claim("sub", "benchmark")]),
        Claims = new Dictionary<string, object> { ["scope"] = "read:account read:bots" },
        SigningCredentials = new SigningCredentials(_key, SecurityAlgorithms.RsaSha256),
    });

    public string MintOpaque()
    {
        var token = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));
        lock (_opaque)
        {
            _opaque.Add(token);
        }

        return token;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        switch (context.Request.Path.Value)
        {
            case "/.well-known/oauth-authorization-server":
                await Json(context, new JsonObject
                {
                    ["issuer"] = Issuer,
                    ["jwks_uri"] = Issuer + "jwks",
                    ["token_endpoint"] = Issuer + "token",
                    ["introspection_endpoint"] = Issuer + "introspect",
                });
                return;
            case "/jwks":
                var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(_key.Rsa.ExportParameters(false)) { KeyId = _key.KeyId });
                await Json(context, new JsonObject { ["keys"] = new JsonArray(new JsonObject { ["kty"] = "RSA", ["use"] = "sig", ["kid"] = jwk.Kid, ["n"] = jwk.N, ["e"] = jwk.E }) });
                return;
            case "/introspect":
                Interlocked.Increment(ref _introspections);
                var token = (await context.Request.ReadFormAsync())["token"].ToString();
                bool active;
                lock (_opaque)
                {
                    active = _opaque.Contains(token);
                }

                await Json(context, active
                    ? new JsonObject { ["active"] = true, ["scope"] = "read:account read:bots", ["aud"] = PublicUrl + "/mcp", ["sub"] = "benchmark", ["exp"] = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds() }
                    : new JsonObject { ["active"] = false });
                return;
            case "/token":
                Interlocked.Increment(ref _exchanges);
                await Json(context, new JsonObject { ["access_token"] = ApiKey, ["token_type"] = "Bearer", ["expires_in"] = 3600, ["scope"] = "read:account read:bots" });
                return;
            default:
                context.Response.StatusCode = 404;
                return;
        }
    }

    private static Task Json(HttpContext context, JsonNode body)
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(body.ToJsonString());
    }
}
