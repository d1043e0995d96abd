using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using ModelContextProtocol.Authentication;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using Segnals.Mcp.HttpServer.Tests.Infrastructure;
using Xunit;

namespace Segnals.Mcp.HttpServer.Tests.OAuth;

/// <summary>
/// The whole connector flow, as a remote MCP client meets it: `segnals-mcp serve --http --sandbox` (the real processes,
/// the sandbox as the authorization server) and the MCP C# SDK's client with its OAuth support. The user's browser is
/// driven over HTTP (sign-in and consent forms); everything else is the SDK's own: discovery from the 401, dynamic client
/// registration, authorization code with PKCE, step-up after a 403, refresh.
/// </summary>
public sealed partial class ConnectorFlowTests : IDisposable
{
    private static readonly string[] ReadScopes = ["read:account", "read:stats", "read:bots"];

    private readonly string _database = Path.Combine(Path.GetTempPath(), $"segnals-oauth-{Guid.NewGuid():N}.db");

    [Fact]
    public async Task A_client_signs_in_from_the_401_steps_up_for_a_write_refreshes_and_is_signed_out_by_revocation()
    {
        await using var server = await HostedProcess.StartAsync(new Dictionary<string, string?>
        {
            ["SEGNALS_SANDBOX_DB"] = _database,
            ["SEGNALS_RATE_LIMIT_PER_MINUTE"] = "100000",
        }, ["--sandbox"], throughLauncher: true);
        var signIn = SignInLine().Match(server.StderrText);
        var (issuer, password) = (new Uri(signIn.Groups["issuer"].Value), signIn.Groups["password"].Value);
        var answers = new ConcurrentQueue<(string Method, string Path, int Status)>();
        var consents = new List<AuthorizationOutcome>();
        Func<string, bool> keep = ReadScopes.Contains;
        var signInAllowed = true;
        var tokens = new ExpirableTokenCache();
        using var http = new HttpClient(new RecordingHandler(answers)) { Timeout = TimeSpan.FromSeconds(60) };
        var transport = new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = server.Mcp,
            TransportMode = HttpTransportMode.StreamableHttp,
            OAuth = new ClientOAuthOptions
            {
                RedirectUri = new Uri("http://127.0.0.1:7777/callback"),
                DynamicClientRegistration = new DynamicClientRegistrationOptions { ClientName = "Segnals hosted e2e" },
                TokenCache = tokens,
                AuthorizationCallbackHandler = async (context, _) =>
                {
                    Assert.True(signInAllowed, "the client was sent to sign in again");
                    var outcome = await BrowserlessSignIn.AuthorizeAsync(context.AuthorizationUri, "demo", password, keep);
                    consents.Add(outcome);
                    return new AuthorizationResult { Code = outcome.Code, State = outcome.State, Iss = outcome.Issuer };
                },
            },
        }, http);
        await using var client = await McpClient.CreateAsync(transport, new McpClientOptions
        {
            ClientInfo = new Implementation { Name = "segnals-oauth-e2e", Version = "1.0.0" },
            ProtocolVersion = HostedClient.July2026,
            InitializationTimeout = TimeSpan.FromSeconds(60),
            DiscoverProbeTimeout = TimeSpan.FromSeconds(60),
        });

        // Discovery from the 401, registration, sign-in and consent narrowed to read scopes: tools/list follows the grant.
        var tools = await client.ToolNamesAsync();
        Assert.Contains("segnals_list_bots", tools);
        Assert.DoesNotContain("segnals_stop_bot", tools);
        var first = Assert.Single(consents);
        Assert.Contains("control:bots", first.Offered);
        Assert.Equal((401, 200), (Status("POST", "/mcp"), Status("GET", "/.well-known/oauth-protected-resource/mcp")));
        Assert.Equal(201, Status("POST", "/oauth/register"));

        var bots = await client.CallAsync("segnals_list_bots");
        Assert.False(bots.IsError, bots.Text);

        // Step-up: the write needs control:bots, which was not granted; the 403 sends the user back to consent, and the call goes through.
        keep = _ => true;
        var stop = await client.CallAsync("segnals_stop_bot", new { bot_id = 1 });
        Assert.False(stop.IsError, stop.Text);
        Assert.Equal(2, consents.Count);
        Assert.Contains(answers, answer => answer is { Method: "POST", Path: "/mcp", Status: 403 });

        // Refresh: once the client deems its token expired it refreshes (a new access token, no new consent), and the server takes it.
        var beforeRefresh = tokens.Current!.AccessToken;
        tokens.Expire();
        var whoami = await client.CallAsync("segnals_whoami");
        Assert.Equal("demo", whoami.String("username"));
        Assert.NotEqual(beforeRefresh, tokens.Current!.AccessToken);
        Assert.Equal(2, consents.Count);

        // Revocation ends the grant: the next call is answered 401, and the client would have to sign the user in again.
        var access = tokens.Current!.AccessToken;
        using (var revoke = await http.PostAsync(new Uri(issuer, "oauth/revoke"), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["token"] = tokens.Current!.RefreshToken!,
            ["client_id"] = tokens.Current!.ClientId!,
        })))
        {
            Assert.True(revoke.IsSuccessStatusCode);
        }

        signInAllowed = false;
        var afterRevocation = answers.Count;
        await Assert.ThrowsAnyAsync<Exception>(() => client.CallAsync("segnals_list_bots"));
        Assert.Contains(answers.Skip(afterRevocation), answer => answer is { Method: "POST", Path: "/mcp", Status: 401 });
        var (status, response, _) = await RawMcp.PostAsync(server.Mcp, access);
        Challenge.AssertUnauthorized(status, response, server.BaseAddress.GetLeftPart(UriPartial.Authority), "/mcp", invalidToken: true);
        server.AssertNoKeyIn([]);

        int Status(string method, string path) => answers.First(answer => answer.Method == method && answer.Path == path).Status;
    }

    public void Dispose()
    {
        foreach (var file in new[] { _database, _database + "-wal", _database + "-shm" })
        {
            File.Delete(file);
        }
    }

    [GeneratedRegex(@"OAuth authorization server \((?<issuer>[^)]+)\).* sign in as 'demo' with the password  (?<password>\S+)  ")]
    private static partial Regex SignInLine();

    /// <summary>The SDK's token store, whose token the test can age so that the client refreshes it.</summary>
    private sealed class ExpirableTokenCache : ITokenCache
    {
        public TokenContainer? Current { get; private set; }

        public void Expire() => Current!.ObtainedAt = DateTimeOffset.UtcNow.AddHours(-1);

        public ValueTask StoreTokensAsync(TokenContainer tokens, CancellationToken cancellationToken)
        {
            Current = tokens;
            return ValueTask.CompletedTask;
        }

        public ValueTask<TokenContainer?> GetTokensAsync(CancellationToken cancellationToken) => ValueTask.FromResult(Current);
    }

    /// <summary>Notes the method, path and status of everything the client sends (the MCP server's and the authorization server's answers alike).</summary>
    private sealed class RecordingHandler(ConcurrentQueue<(string Method, string Path, int Status)> answers) : DelegatingHandler(new SocketsHttpHandler())
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            answers.Enqueue((request.Method.Method, request.RequestUri!.AbsolutePath, (int)response.StatusCode));
            return response;
        }
    }
}
