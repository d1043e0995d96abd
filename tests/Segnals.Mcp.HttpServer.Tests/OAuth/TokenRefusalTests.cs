using System.Text.Json.Nodes;
using Microsoft.IdentityModel.Tokens;
using Segnals.Mcp.HttpServer.Tests.Infrastructure;
using Segnals.Testing;
using Xunit;

namespace Segnals.Mcp.HttpServer.Tests.OAuth;

/// <summary>
/// Every token the hosted server must refuse, each against a real HTTP issuer (this test's own, so that it can mint what
/// a real authorization server never would), with its status and challenge; and what it must let through, with the
/// user's token never reaching the API.
/// </summary>
public sealed class TokenRefusalTests(OwnIssuerFixture fixture) : IClassFixture<OwnIssuerFixture>
{
    private const string Origin = "http://localhost:1";

    private const string ListBots = """{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"segnals_list_bots","arguments":{}}}""";

    private OwnIssuerServer Hosted => fixture.Hosted;

    [Theory]
    [InlineData("/mcp")]
    [InlineData("/mcp/readonly")]
    public async Task Without_a_token_the_answer_is_401_pointing_at_the_paths_metadata_and_scopes(string path)
    {
        var (status, response, body) = await RawMcp.PostAsync(new Uri(Hosted.Server.BaseAddress, path), key: null);

        Challenge.AssertUnauthorized(status, response, Origin, path, invalidToken: false);
        var scopes = Challenge.Parameter(Challenge.Of(response), "scope")!.Split(' ');
        Assert.Equal(path == "/mcp", scopes.Contains("write:bots"));
        Assert.Contains("\"jsonrpc\":\"2.0\"", body);
    }

    public static TheoryData<string, string> Refused => new()
    {
        { "expired", "expired at" },
        { "not yet valid", "not valid before" },
        { "another issuer", "issued by another authorization server" },
        { "a forged signature", "signature does not verify" },
        { "an unknown key", "key the authorization server does not publish" },
        { "another audience", "issued for another resource" },
        { "no audience", "names no audience" },
        { "an opaque token the issuer says is inactive", "not active" },
        { "a Segnals API key", "API keys are not accepted" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task A_token_that_is_not_good_here_is_refused_with_401_invalid_token_and_nothing_reaches_the_api(string token, string reason)
    {
        var before = (Hosted.Backend.Requests.Count, Hosted.Issuer.ExchangeRequests);

        var (status, response, body) = await RawMcp.PostAsync(Hosted.Server.Mcp, TokenFor(token), ListBots);

        Challenge.AssertUnauthorized(status, response, Origin, "/mcp", invalidToken: true);
        Assert.Contains(reason, Challenge.Parameter(Challenge.Of(response), "error_description"));
        Assert.Contains(reason, body);
        Assert.Equal(before, (Hosted.Backend.Requests.Count, Hosted.Issuer.ExchangeRequests));
    }

    [Fact]
    public async Task A_good_token_is_exchanged_once_and_only_the_delegated_key_reaches_the_api()
    {
        var token = Hosted.Issuer.Mint(OwnIssuerServer.Mcp, subject: "exchange-once");
        var exchanges = Hosted.Issuer.ExchangeRequests;
        var calls = Hosted.Backend.ApiCalls.Count;

        var first = await RawMcp.PostAsync(Hosted.Server.Mcp, token, ListBots);
        var second = await RawMcp.PostAsync(Hosted.Server.Mcp, token, ListBots);

        Assert.True(first.Status == 200, first.Body);
        Assert.Contains("Grid BTC", first.Body);
        Assert.Equal(200, second.Status);
        Assert.Equal(exchanges + 1, Hosted.Issuer.ExchangeRequests);
        var seen = Hosted.Backend.Requests.ToList();
        Assert.Equal(calls + 2, Hosted.Backend.ApiCalls.Count);
        // No token passthrough: every request the API received carried the exchanged Segnals key, and nothing of the token.
        Assert.All(seen, request => Assert.True(request.BearerMatched, $"{request.Method} {request.Path} did not carry the delegated key"));
        Assert.All(seen, request => Assert.DoesNotContain(token.Split('.')[1], string.Join('\n', request.Headers.Values) + request.Body + request.RawTarget));
    }

    [Fact]
    public async Task An_opaque_token_is_introspected_once_while_cached_and_works()
    {
        var token = Hosted.Issuer.Opaque(Active(OwnIssuerServer.ReadOnly, "read:bots"));
        var introspections = Hosted.Issuer.IntrospectionRequests;

        var first = await RawMcp.PostAsync(Hosted.Server.ReadOnly, token, ListBots);
        var second = await RawMcp.PostAsync(Hosted.Server.ReadOnly, token, ListBots);

        Assert.True(first.Status == 200, first.Body);
        Assert.Contains("Grid BTC", second.Body);
        Assert.Equal(introspections + 1, Hosted.Issuer.IntrospectionRequests);
    }

    [Fact]
    public async Task With_the_introspection_endpoint_down_an_opaque_token_gets_503_never_through()
    {
        var token = Hosted.Issuer.Opaque(Active(OwnIssuerServer.Mcp, "read:bots"));
        var calls = Hosted.Backend.ApiCalls.Count;
        Hosted.Issuer.IntrospectionDown = true;
        try
        {
            var (status, response, body) = await RawMcp.PostAsync(Hosted.Server.Mcp, token, ListBots);

            Assert.Equal(503, status);
            Assert.Contains("introspection endpoint answered", body);
            Assert.NotNull(response.Headers.RetryAfter);
            Assert.Equal(calls, Hosted.Backend.ApiCalls.Count);
        }
        finally
        {
            Hosted.Issuer.IntrospectionDown = false;
        }
    }

    [Fact]
    public async Task A_refused_exchange_is_401_and_nothing_reaches_the_api()
    {
        var token = Hosted.Issuer.Mint(OwnIssuerServer.Mcp, subject: "refused-exchange");
        var calls = Hosted.Backend.ApiCalls.Count;
        Hosted.Issuer.RefuseExchanges = true;
        try
        {
            var (status, response, body) = await RawMcp.PostAsync(Hosted.Server.Mcp, token, ListBots);

            Challenge.AssertUnauthorized(status, response, Origin, "/mcp", invalidToken: true);
            Assert.Contains("would not exchange this access token", body);
            Assert.Equal(calls, Hosted.Backend.ApiCalls.Count);
        }
        finally
        {
            Hosted.Issuer.RefuseExchanges = false;
        }
    }

    private string TokenFor(string kind)
    {
        var issuer = Hosted.Issuer;
        return kind switch
        {
            "expired" => issuer.Mint(OwnIssuerServer.Mcp, expiresIn: TimeSpan.FromMinutes(-5)),
            "not yet valid" => issuer.Mint(OwnIssuerServer.Mcp, notBeforeIn: TimeSpan.FromMinutes(5)),
            "another issuer" => issuer.Mint(OwnIssuerServer.Mcp, issuer: "http://127.0.0.1:9/"),
            // Signed by a key the issuer never published, under the kid of one it does.
            "a forged signature" => issuer.Mint(OwnIssuerServer.Mcp, signWith: new RsaSecurityKey(System.Security.Cryptography.RSA.Create(2048)) { KeyId = issuer.FirstKeyId }),
            "an unknown key" => issuer.Mint(OwnIssuerServer.Mcp, signWith: new RsaSecurityKey(System.Security.Cryptography.RSA.Create(2048)) { KeyId = "never-published" }),
            "another audience" => issuer.Mint("http://localhost:1/elsewhere"),
            "no audience" => issuer.Mint(audience: null),
            "an opaque token the issuer says is inactive" => issuer.Opaque(new JsonObject { ["active"] = false }),
            "a Segnals API key" => CanaryKey.New(),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
    }

    private static JsonObject Active(string audience, string scope) => new()
    {
        ["active"] = true,
        ["scope"] = scope,
        ["aud"] = audience,
        ["sub"] = "opaque-user",
        ["exp"] = DateTimeOffset.UtcNow.AddMinutes(10).ToUnixTimeSeconds(),
    };
}
