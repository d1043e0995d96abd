using Segnals.Mcp.HttpServer.Tests.Infrastructure;
using Xunit;

namespace Segnals.Mcp.HttpServer.Tests.OAuth;

/// <summary>One hosted server, protected by the real sandbox authorization server, shared by a test class.</summary>
public sealed class SandboxAuthorizationFixture : IAsyncLifetime
{
    internal SandboxAuthorization Hosted { get; private set; } = null!;

    public async Task InitializeAsync() => Hosted = await SandboxAuthorization.StartAsync();

    public async Task DisposeAsync() => await Hosted.DisposeAsync();
}

/// <summary>
/// Tokens from the real code flow at the sandbox's authorization server, used on the hosted server: each path takes
/// only tokens minted for it, tools/list shows what the granted scopes allow, and a call needing a scope the user did not
/// grant is answered 403 insufficient_scope (step-up) whichever protocol revision the client speaks.
/// </summary>
public sealed class SandboxIssuedTokenTests(SandboxAuthorizationFixture fixture) : IClassFixture<SandboxAuthorizationFixture>
{
    private const string Origin = "http://localhost:1";

    private static readonly string[] ReadScopes = ["read:account", "read:stats", "read:bots"];

    private SandboxAuthorization Hosted => fixture.Hosted;

    [Theory]
    [InlineData("/mcp", "/mcp/readonly")]
    [InlineData("/mcp/readonly", "/mcp")]
    public async Task A_token_minted_for_one_path_is_refused_on_the_other(string mintedFor, string usedOn)
    {
        var tokens = await Hosted.SignInAsync(new Uri(SandboxAuthorization.PublicUrl, mintedFor));

        var own = await RawMcp.PostAsync(new Uri(Hosted.Server.BaseAddress, mintedFor), tokens.AccessToken);
        var (status, response, body) = await RawMcp.PostAsync(new Uri(Hosted.Server.BaseAddress, usedOn), tokens.AccessToken);

        Assert.True(own.Status == 200, own.Body);
        Challenge.AssertUnauthorized(status, response, Origin, usedOn, invalidToken: true);
        Assert.Contains($"must be issued for {Origin}{usedOn}", body);
    }

    [Fact]
    public async Task Tools_list_shows_what_the_granted_scopes_allow_and_a_read_call_works()
    {
        var tokens = await Hosted.SignInAsync(SandboxAuthorization.McpResource, keep: ReadScopes.Contains);

        var list = await RawMcp.PostAsync(Hosted.Server.Mcp, tokens.AccessToken);
        var call = await RawMcp.PostAsync(Hosted.Server.Mcp, tokens.AccessToken,
            """{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"segnals_list_bots","arguments":{}}}""");

        Assert.Contains("\"segnals_list_bots\"", list.Body);
        Assert.Contains("\"segnals_whoami\"", list.Body);
        Assert.DoesNotContain("\"segnals_stop_bot\"", list.Body);
        Assert.DoesNotContain("\"segnals_create_bot\"", list.Body);
        Assert.True(call.Status == 200, call.Body);
        Assert.DoesNotContain("\"isError\":true", call.Body);
        Assert.Contains("bots", call.Body);
    }

    public static TheoryData<string> Revisions => new() { "2026-07-28", "2025-11-25", "2025-06-18" };

    [Theory]
    [MemberData(nameof(Revisions))]
    public async Task A_call_needing_a_scope_the_token_lacks_is_403_insufficient_scope_and_is_not_run(string revision)
    {
        var tokens = await Hosted.SignInAsync(SandboxAuthorization.McpResource, keep: ReadScopes.Contains);
        var meta = revision == "2026-07-28"
            ? ""","_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientInfo":{"name":"e2e","version":"1"},"io.modelcontextprotocol/clientCapabilities":{}}"""
            : string.Empty;
        var stop = """{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"segnals_stop_bot","arguments":{"bot_id":1}""" + meta + "}}";

        var (status, response, body) = await RawMcp.PostAsync(Hosted.Server.Mcp, tokens.AccessToken, stop, request =>
        {
            request.Headers.Add("MCP-Protocol-Version", revision);
            if (revision == "2026-07-28")
            {
                request.Headers.Add("Mcp-Method", "tools/call");
                request.Headers.Add("Mcp-Name", "segnals_stop_bot");
            }
        });

        Assert.Equal(403, status);
        var challenge = Challenge.Of(response);
        Assert.Equal("insufficient_scope", Challenge.Parameter(challenge, "error"));
        // What to ask for: what was granted, and the scope the call needs, so re-authorizing loses nothing.
        Assert.Equal(ReadScopes.Append("control:bots").Order(), Challenge.Parameter(challenge, "scope")!.Split(' ').Order());
        Assert.Equal($"{Origin}/.well-known/oauth-protected-resource/mcp", Challenge.Parameter(challenge, "resource_metadata"));
        Assert.Contains("needs the 'control:bots' scope", body);
        Assert.Equal("running", await BotStatusAsync(tokens.AccessToken));
    }

    [Fact]
    public async Task An_opaque_token_the_authorization_server_revoked_is_refused_as_inactive()
    {
        await using var opaque = await SandboxAuthorization.StartAsync(referenceTokens: true);
        var active = await opaque.SignInAsync(SandboxAuthorization.ReadOnlyResource);
        var revoked = await opaque.SignInAsync(SandboxAuthorization.ReadOnlyResource);
        await opaque.RevokeAsync(revoked);

        var works = await RawMcp.PostAsync(opaque.Server.ReadOnly, active.AccessToken);
        var (status, response, body) = await RawMcp.PostAsync(opaque.Server.ReadOnly, revoked.AccessToken);

        Assert.DoesNotContain('.', active.AccessToken);
        Assert.True(works.Status == 200, works.Body);
        Challenge.AssertUnauthorized(status, response, Origin, "/mcp/readonly", invalidToken: true);
        Assert.Contains("not active", body);
    }

    private async Task<string?> BotStatusAsync(string accessToken)
    {
        var (_, _, body) = await RawMcp.PostAsync(Hosted.Server.Mcp, accessToken,
            """{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"segnals_get_bot","arguments":{"bot_id":1}}}""");
        var bot = RawMcp.StructuredResult(body);
        return (bot.TryGetProperty("bot", out var inner) ? inner : bot).GetProperty("status").GetString();
    }
}
