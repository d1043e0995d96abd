using Segnals.Testing;
using Xunit;

namespace Segnals.Mcp.HttpServer.Tests.Infrastructure;

/// <summary>
/// The hosted server (a real process) as a protected resource of <see cref="TestIssuer"/>, in front of a scripted
/// backend that expects exactly the key the issuer's token exchange hands out. The public URL is
/// <see cref="SandboxAuthorization.PublicUrl"/>, so tokens are minted for http://localhost:1/mcp and …/mcp/readonly.
/// </summary>
internal sealed class OwnIssuerServer : IAsyncDisposable
{
    public static readonly string Mcp = SandboxAuthorization.McpResource.AbsoluteUri;

    public static readonly string ReadOnly = SandboxAuthorization.ReadOnlyResource.AbsoluteUri;

    private OwnIssuerServer(TestIssuer issuer, ScriptedBackend backend, HostedProcess server)
    {
        Issuer = issuer;
        Backend = backend;
        Server = server;
    }

    public TestIssuer Issuer { get; }

    public ScriptedBackend Backend { get; }

    public HostedProcess Server { get; }

    /// <param name="environment">More variables for the hosted server (a null value removes one).</param>
    public static async Task<OwnIssuerServer> StartAsync(IReadOnlyDictionary<string, string?>? environment = null)
    {
        var issuer = await TestIssuer.StartAsync();
        var backend = await ScriptedBackend.StartAsync(async (request, context, _) => request.Path switch
        {
            "/bots/" => await ScriptedBackend.JsonAsync(context, 200, """{"bots":[{"id":1,"name":"Grid BTC","status":"running"}],"total":1}"""),
            "/user/me" => await ScriptedBackend.JsonAsync(context, 200, """{"username":"demo","tier":"vip"}"""),
            _ => false,
        });
        issuer.DelegatedKey = backend.Key;
        var variables = new Dictionary<string, string?>
        {
            ["SEGNALS_API_BASE"] = backend.BaseAddress.ToString(),
            ["SEGNALS_RATE_LIMIT_PER_MINUTE"] = "100000",
            ["SEGNALS_OAUTH_ISSUER"] = issuer.Issuer,
            ["SEGNALS_MCP_PUBLIC_URL"] = SandboxAuthorization.PublicUrl.ToString(),
            ["SEGNALS_OAUTH_CLIENT_ID"] = TestIssuer.ClientId,
            ["SEGNALS_OAUTH_CLIENT_SECRET"] = issuer.ClientSecret,
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            variables[name] = value;
        }

        try
        {
            return new OwnIssuerServer(issuer, backend, await HostedProcess.StartAsync(variables));
        }
        catch
        {
            await backend.DisposeAsync();
            await issuer.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Server.DisposeAsync();
            Server.AssertNoKeyIn([Backend.Key]);
            Assert.Equal(0, Issuer.BadClientRequests);
        }
        finally
        {
            await Backend.DisposeAsync();
            await Issuer.DisposeAsync();
        }
    }
}

/// <summary>One <see cref="OwnIssuerServer"/> shared by a test class.</summary>
public sealed class OwnIssuerFixture : IAsyncLifetime
{
    internal OwnIssuerServer Hosted { get; private set; } = null!;

    public async Task InitializeAsync() => Hosted = await OwnIssuerServer.StartAsync();

    public async Task DisposeAsync() => await Hosted.DisposeAsync();
}
