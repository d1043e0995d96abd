using Segnals.Sandbox;
using Segnals.Sandbox.Authorization;

namespace Segnals.Sandbox.Authorization.Tests.Infrastructure;

/// <summary>A sandbox with its authorization server, started on 127.0.0.1 for one test; the demo user has a fresh password.</summary>
public sealed class TestAuthServer : IAsyncDisposable
{
    public static readonly Uri McpResource = new("http://127.0.0.1:8080/mcp");
    public static readonly Uri ReadOnlyResource = new("http://127.0.0.1:8080/mcp/readonly");

    private TestAuthServer(SandboxHost host, SandboxAuthorizationServer auth, string demoPassword)
    {
        Host = host;
        Auth = auth;
        DemoPassword = demoPassword;
    }

    public SandboxHost Host { get; }

    public SandboxAuthorizationServer Auth { get; }

    public string DemoPassword { get; }

    public Uri Origin => Host.Origin;

    public string Issuer => Auth.Issuer.AbsoluteUri;

    public Uri Url(string path) => new(Origin, path);

    public static async Task<TestAuthServer> StartAsync(string databasePath = ":memory:", Action<AuthorizationServerOptions>? configure = null, TimeProvider? time = null, int port = 0, bool newDemoPassword = true)
    {
        var options = new AuthorizationServerOptions();
        configure?.Invoke(options);
        var auth = new SandboxAuthorizationServer(options);
        var sandboxOptions = new SandboxOptions { DatabasePath = databasePath, Time = time ?? TimeProvider.System, Port = port };
        sandboxOptions.Extensions.Add(auth);
        var host = await SandboxHost.StartAsync(sandboxOptions);
        try
        {
            await host.EnsureDemoAccountAsync();
            var password = newDemoPassword ? await auth.SetPasswordAsync("demo") : "";
            return new TestAuthServer(host, auth, password);
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    /// <summary>A fresh browser-like session (its own cookies) against this server.</summary>
    public OAuthSession Session() => new(this);

    public ValueTask DisposeAsync() => Host.DisposeAsync();
}
