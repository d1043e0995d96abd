using System.Net.Http.Headers;
using Segnals.Mcp.HttpServer.Tests.Infrastructure;
using Segnals.Testing;
using Xunit;

namespace Segnals.Mcp.HttpServer.Tests;

/// <summary>
/// Every MCP request carries its caller's own Segnals key as a bearer token; nothing else stands in for it (not
/// the server's own SEGNALS_API_KEY), and a refused credential is never repeated back.
/// </summary>
public sealed class AuthenticationTests(SandboxedServer hosted) : IClassFixture<SandboxedServer>
{
    [Theory]
    [InlineData("/mcp")]
    [InlineData("/mcp/readonly")]
    public async Task Without_a_credential_the_answer_is_401_with_a_bearer_challenge(string path)
    {
        var (status, response, body) = await RawMcp.PostAsync(new Uri(hosted.Server.BaseAddress, path), key: null);

        Assert.Equal(401, status);
        Assert.Equal("Bearer", Assert.Single(response.Headers.WwwAuthenticate).ToString());
        Assert.Contains("\"jsonrpc\":\"2.0\"", body);
        Assert.Contains("Authorization: Bearer", body);
    }

    public static TheoryData<string> MalformedCredentials => new()
    {
        "Bearer sk_live_CANARYshort",
        "Bearer sk_prod_CANARY_0123456789abcdef",
        "Bearer CANARY_not_a_key_at_all_0123456789",
        "Basic c2tfbGl2ZV9DQU5BUlk6eA==",
        "Bearer sk_live_CANARY_0123456789abcdef sk_live_CANARY_0123456789abcdef",
    };

    [Theory]
    [MemberData(nameof(MalformedCredentials))]
    public async Task A_malformed_credential_is_refused_with_401_and_never_echoed(string authorization)
    {
        var (status, response, body) = await RawMcp.PostAsync(hosted.Server.Mcp, key: null, change: request =>
            request.Headers.TryAddWithoutValidation("Authorization", authorization));

        Assert.Equal(401, status);
        var challenge = Assert.Single(response.Headers.WwwAuthenticate);
        Assert.Equal("Bearer", challenge.Scheme);
        Assert.Contains("error=\"invalid_token\"", challenge.Parameter);
        Assert.DoesNotContain(CanaryKey.Marker, body + challenge);
        Assert.DoesNotContain("c2tf", body + challenge);
    }

    [Fact]
    public async Task The_servers_own_api_key_is_never_used_for_a_caller()
    {
        await using var backend = await ScriptedBackend.StartAsync((_, _, _) => Task.FromResult(false));
        await using var server = await HostedProcess.StartAsync(backend.Environment());

        var (status, _, _) = await RawMcp.PostAsync(server.Mcp, key: null);

        Assert.Equal(401, status);
        Assert.Empty(backend.Requests);
        Assert.Contains("SEGNALS_API_KEY is not used in hosted mode", server.StderrText);
        server.AssertNoKeyIn([backend.Key]);
    }

    [Fact]
    public async Task A_well_formed_key_the_api_rejects_is_reported_per_call_without_the_key()
    {
        var unknown = CanaryKey.New();
        await using var client = await HostedClient.ConnectAsync(hosted.Server.Mcp, unknown);

        var whoami = await client.CallAsync("segnals_whoami");

        Assert.True(whoami.IsError);
        Assert.Contains("API key was rejected", whoami.Text);
        Assert.Null(LeakCheck.Find(whoami.Text, [unknown], "the result"));
    }
}
