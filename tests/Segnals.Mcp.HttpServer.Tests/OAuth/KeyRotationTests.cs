using System.Diagnostics;
using Segnals.Mcp.HttpServer.Tests.Infrastructure;
using Xunit;

namespace Segnals.Mcp.HttpServer.Tests.OAuth;

/// <summary>
/// The sandbox authorization server rotates its signing keys (a new key signs from now on; an old one is retired and
/// no longer published), and the hosted server follows: a token with the new key's kid is accepted at once (the keys are
/// fetched again right then), and a token signed with a retired key is refused once the keys have been fetched again.
/// </summary>
public sealed class KeyRotationTests
{
    [Fact]
    public async Task A_token_signed_with_a_new_key_is_accepted_at_once()
    {
        // Keys are otherwise fetched again only every 5 minutes: only the unknown kid can make this token pass.
        await using var hosted = await SandboxAuthorization.StartAsync();
        var before = await hosted.SignInAsync(SandboxAuthorization.McpResource);
        Assert.Equal(200, (await RawMcp.PostAsync(hosted.Server.Mcp, before.AccessToken)).Status);

        var newKey = await hosted.Authorization.AddSigningKeyAsync();
        var after = await hosted.SignInAsync(SandboxAuthorization.McpResource);
        var (status, _, body) = await RawMcp.PostAsync(hosted.Server.Mcp, after.AccessToken);

        Assert.Equal(newKey, new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(after.AccessToken).Kid);
        Assert.True(status == 200, body);
        Assert.Equal(200, (await RawMcp.PostAsync(hosted.Server.Mcp, before.AccessToken)).Status);
    }

    [Fact]
    public async Task A_token_signed_with_a_retired_key_is_refused_once_the_keys_are_fetched_again()
    {
        await using var hosted = await SandboxAuthorization.StartAsync(environment: new Dictionary<string, string?> { ["SEGNALS_OAUTH_KEYS_REFRESH_SECONDS"] = "1" });
        var old = await hosted.SignInAsync(SandboxAuthorization.McpResource);
        Assert.Equal(200, (await RawMcp.PostAsync(hosted.Server.Mcp, old.AccessToken)).Status);
        var oldKey = new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(old.AccessToken).Kid;

        await hosted.Authorization.AddSigningKeyAsync();
        await hosted.Authorization.RetireSigningKeyAsync(oldKey);
        var fresh = await hosted.SignInAsync(SandboxAuthorization.McpResource);

        // Within a refresh interval (1 s here) the old key may still be trusted; then never again.
        var deadline = Stopwatch.StartNew();
        (int Status, HttpResponseMessage Response, string Body) answer;
        do
        {
            answer = await RawMcp.PostAsync(hosted.Server.Mcp, old.AccessToken);
        }
        while (answer.Status == 200 && deadline.Elapsed < TimeSpan.FromSeconds(30));

        Challenge.AssertUnauthorized(answer.Status, answer.Response, "http://localhost:1", "/mcp", invalidToken: true);
        Assert.Contains("key the authorization server does not publish", answer.Body);
        Assert.Equal(200, (await RawMcp.PostAsync(hosted.Server.Mcp, fresh.AccessToken)).Status);
    }
}
