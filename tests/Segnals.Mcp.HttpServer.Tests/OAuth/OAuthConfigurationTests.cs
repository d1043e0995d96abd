using Segnals.Mcp.HttpServer.Tests.Infrastructure;
using Xunit;

namespace Segnals.Mcp.HttpServer.Tests.OAuth;

/// <summary>What the operator's OAuth settings change: the opt-ins, and a server that fails closed when its authorization server cannot be trusted.</summary>
public sealed class OAuthConfigurationTests
{
    private const string ListBots = """{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"segnals_list_bots","arguments":{}}}""";

    [Fact]
    public async Task The_operator_can_let_in_tokens_without_audience_and_segnals_api_keys()
    {
        await using var hosted = await OwnIssuerServer.StartAsync(new Dictionary<string, string?>
        {
            ["SEGNALS_OAUTH_ALLOW_NO_AUDIENCE"] = "true",
            ["SEGNALS_OAUTH_ALLOW_API_KEYS"] = "true",
        });

        var noAudience = await RawMcp.PostAsync(hosted.Server.Mcp, hosted.Issuer.Mint(audience: null), ListBots);
        var key = await RawMcp.PostAsync(hosted.Server.ReadOnly, hosted.Backend.Key, ListBots);

        Assert.True(noAudience.Status == 200, noAudience.Body);
        Assert.Contains("Grid BTC", noAudience.Body);
        Assert.True(key.Status == 200, key.Body);
        Assert.All(hosted.Backend.Requests, request => Assert.True(request.BearerMatched));
        Assert.Contains("Segnals API keys are accepted too", hosted.Server.StderrText);
    }

    [Fact]
    public async Task An_issuer_that_does_not_answer_fails_closed_with_503()
    {
        var issuer = await TestIssuer.StartAsync();
        var token = issuer.Mint(OwnIssuerServer.Mcp);
        var issuerUrl = issuer.Issuer;
        await issuer.DisposeAsync();
        await using var server = await HostedProcess.StartAsync(new Dictionary<string, string?>
        {
            ["SEGNALS_API_BASE"] = "http://127.0.0.1:9/api",
            ["SEGNALS_OAUTH_ISSUER"] = issuerUrl,
            ["SEGNALS_MCP_PUBLIC_URL"] = SandboxAuthorization.PublicUrl.ToString(),
            ["SEGNALS_OAUTH_CLIENT_ID"] = TestIssuer.ClientId,
            ["SEGNALS_OAUTH_CLIENT_SECRET"] = "not-used-0123456789",
        });

        var (status, response, body) = await RawMcp.PostAsync(server.Mcp, token, ListBots);

        Assert.Equal(503, status);
        Assert.Contains("could not be fetched", body);
        Assert.Empty(response.Headers.WwwAuthenticate);
        Assert.Contains("WARNING: the authorization server does not answer yet", server.StderrText);
    }

    [Fact]
    public async Task Metadata_naming_another_issuer_is_not_trusted()
    {
        await using var issuer = await TestIssuer.StartAsync();
        await using var server = await HostedProcess.StartAsync(new Dictionary<string, string?>
        {
            ["SEGNALS_API_BASE"] = "http://127.0.0.1:9/api",
            // The issuer without its trailing slash: the metadata says otherwise, and issuers compare exactly (RFC 8414 §3.3).
            ["SEGNALS_OAUTH_ISSUER"] = issuer.Issuer.TrimEnd('/'),
            ["SEGNALS_MCP_PUBLIC_URL"] = SandboxAuthorization.PublicUrl.ToString(),
            ["SEGNALS_OAUTH_CLIENT_ID"] = TestIssuer.ClientId,
            ["SEGNALS_OAUTH_CLIENT_SECRET"] = issuer.ClientSecret,
        });

        var (status, _, body) = await RawMcp.PostAsync(server.Mcp, issuer.Mint(OwnIssuerServer.Mcp, issuer: issuer.Issuer.TrimEnd('/')), ListBots);

        Assert.Equal(503, status);
        Assert.Contains("names the issuer", body);
    }
}
