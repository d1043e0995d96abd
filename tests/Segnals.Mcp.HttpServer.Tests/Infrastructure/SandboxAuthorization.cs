using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Segnals.Sandbox;
using Segnals.Sandbox.Authorization;
using Segnals.Sandbox.Authorization.Tests.Infrastructure;
using Xunit;

namespace Segnals.Mcp.HttpServer.Tests.Infrastructure;

/// <summary>
/// The real sandbox with its OAuth authorization server in this test process, and the hosted server (a real process)
/// as its protected resource. The hosted server's public URL is <see cref="PublicUrl"/> (as behind a proxy), so the
/// resources can be registered before it starts; requests still go to its real address. Tokens come from the real
/// code flow: registration, sign-in and consent (narrowed as the test says), code and PKCE.
/// </summary>
internal sealed class SandboxAuthorization : IAsyncDisposable
{
    public static readonly Uri PublicUrl = new("http://localhost:1");

    public static readonly Uri McpResource = new(PublicUrl, "/mcp");

    public static readonly Uri ReadOnlyResource = new(PublicUrl, "/mcp/readonly");

    private const string RedirectUri = "http://127.0.0.1:7777/callback";

    private readonly HttpClient _http;

    private SandboxAuthorization(SandboxHost sandbox, SandboxAuthorizationServer authorization, string password, string clientSecret, HostedProcess server)
    {
        Sandbox = sandbox;
        Authorization = authorization;
        Password = password;
        ClientSecret = clientSecret;
        Server = server;
        _http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = sandbox.Origin, Timeout = TimeSpan.FromSeconds(30) };
    }

    public SandboxHost Sandbox { get; }

    public SandboxAuthorizationServer Authorization { get; }

    public HostedProcess Server { get; }

    public string Password { get; }

    public string ClientSecret { get; }

    /// <param name="referenceTokens">Opaque access tokens (the hosted server must introspect them) instead of JWTs.</param>
    /// <param name="environment">More variables for the hosted server.</param>
    public static async Task<SandboxAuthorization> StartAsync(bool referenceTokens = false, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var options = new AuthorizationServerOptions { UseReferenceAccessTokens = referenceTokens };
        options.Resources.Clear();
        options.Resources.Add(McpResource);
        options.Resources.Add(ReadOnlyResource);
        var authorization = new SandboxAuthorizationServer(options);
        var sandboxOptions = new SandboxOptions { DatabasePath = ":memory:", DefaultRateLimitPerMinute = 100_000 };
        sandboxOptions.Extensions.Add(authorization);
        var sandbox = await SandboxHost.StartAsync(sandboxOptions);
        try
        {
            var user = await sandbox.EnsureDemoUserAsync();
            var password = await authorization.SetPasswordAsync(user);
            var secret = await authorization.RegisterResourceServerAsync("segnals-mcp-test", [McpResource, ReadOnlyResource]);
            var variables = new Dictionary<string, string?>
            {
                ["SEGNALS_API_BASE"] = sandbox.BaseAddress.ToString(),
                ["SEGNALS_RATE_LIMIT_PER_MINUTE"] = "100000",
                ["SEGNALS_OAUTH_ISSUER"] = authorization.Issuer.AbsoluteUri,
                ["SEGNALS_MCP_PUBLIC_URL"] = PublicUrl.ToString(),
                ["SEGNALS_OAUTH_CLIENT_ID"] = "segnals-mcp-test",
                ["SEGNALS_OAUTH_CLIENT_SECRET"] = secret,
            };
            foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
            {
                variables[name] = value;
            }

            var server = await HostedProcess.StartAsync(variables);
            return new SandboxAuthorization(sandbox, authorization, password, secret, server);
        }
        catch
        {
            await sandbox.DisposeAsync();
            throw;
        }
    }

    /// <summary>The code flow for a new client (RFC 7591): tokens for <paramref name="resource"/>, with the scopes the user keeps at consent.</summary>
    public async Task<Tokens> SignInAsync(Uri resource, Func<string, bool>? keep = null, string scope = "read:account read:stats read:bots write:bots control:bots")
    {
        using var registration = await _http.PostAsJsonAsync("/oauth/register", new
        {
            redirect_uris = new[] { RedirectUri },
            client_name = "hosted e2e",
            grant_types = new[] { "authorization_code", "refresh_token" },
        });
        var client = await registration.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(registration.StatusCode == HttpStatusCode.Created, client.ToString());
        var clientId = client.GetProperty("client_id").GetString()!;

        var pkce = Pkce.New();
        var authorize = new Uri(Sandbox.Origin, QueryHelpers.AddQueryString("/oauth/authorize", new Dictionary<string, string?>
        {
            ["response_type"] = "code",
            ["client_id"] = clientId,
            ["redirect_uri"] = RedirectUri,
            ["scope"] = scope,
            ["state"] = "st",
            ["resource"] = resource.AbsoluteUri,
            ["code_challenge"] = pkce.Challenge,
            ["code_challenge_method"] = "S256",
        }));
        var outcome = await BrowserlessSignIn.AuthorizeAsync(authorize, "demo", Password, keep);
        using var token = await _http.PostAsync("/oauth/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["client_id"] = clientId,
            ["code"] = outcome.Code,
            ["redirect_uri"] = RedirectUri,
            ["code_verifier"] = pkce.Verifier,
            ["resource"] = resource.AbsoluteUri,
        }));
        var tokens = await token.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(token.StatusCode == HttpStatusCode.OK, tokens.ToString());
        return new Tokens(clientId, tokens.GetProperty("access_token").GetString()!, tokens.TryGetProperty("refresh_token", out var refresh) ? refresh.GetString() : null);
    }

    /// <summary>Revokes a token at the authorization server (RFC 7009), which revokes its whole grant.</summary>
    public async Task RevokeAsync(Tokens tokens)
    {
        using var response = await _http.PostAsync("/oauth/revoke", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["token"] = tokens.RefreshToken ?? tokens.AccessToken,
            ["client_id"] = tokens.ClientId,
        }));
        Assert.True(response.IsSuccessStatusCode, $"revocation: {(int)response.StatusCode}");
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        try
        {
            await Server.DisposeAsync();
        }
        finally
        {
            await Sandbox.DisposeAsync();
        }
    }

    internal sealed record Tokens(string ClientId, string AccessToken, string? RefreshToken);
}
