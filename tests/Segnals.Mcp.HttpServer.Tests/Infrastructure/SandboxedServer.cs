using Segnals.Sandbox;
using Segnals.Testing;
using Xunit;

namespace Segnals.Mcp.HttpServer.Tests.Infrastructure;

/// <summary>
/// The real sandbox API in this test process (in-memory database, seeded demo account) with one hosted server in
/// front of it, and keys for two sandbox users: the demo user with every scope, and "bob" with read scopes only.
/// The sandbox isolates tenants for real, so what one user sees of another is what the server let through.
/// Disposing stops the server and checks no key reached its stdout or stderr.
/// </summary>
public sealed class SandboxedServer : IAsyncLifetime
{
    public static readonly string[] ReadScopes = ["read:account", "read:stats", "read:bots", "read:marketplace", "read:news", "read:knowledge"];

    internal SandboxHost Sandbox { get; private set; } = null!;

    internal HostedProcess Server { get; private set; } = null!;

    /// <summary>The demo user's full-scope key (bots 1 to 5 are theirs).</summary>
    internal string DemoKey { get; private set; } = null!;

    /// <summary>Bob's read-only key (bob has no bots).</summary>
    internal string BobKey { get; private set; } = null!;

    internal IReadOnlyList<string> Keys => [DemoKey, BobKey];

    public async Task InitializeAsync()
    {
        Sandbox = await StartSandboxAsync();
        DemoKey = (await Sandbox.EnsureDemoAccountAsync()).ApiKey;
        BobKey = await Sandbox.CreateKeyAsync("bob", ReadScopes, "bob-e2e");
        Server = await HostedProcess.StartAsync(new Dictionary<string, string?>
        {
            ["SEGNALS_API_BASE"] = Sandbox.BaseAddress.ToString(),
            ["SEGNALS_RATE_LIMIT_PER_MINUTE"] = "100000",
        });
    }

    public async Task DisposeAsync()
    {
        try
        {
            await Server.DisposeAsync();
            Server.AssertNoKeyIn(Keys);
        }
        finally
        {
            await Sandbox.DisposeAsync();
        }
    }

    /// <summary>A sandbox with a generous per-key limit, so the API's own 429 never interferes with what a test measures.</summary>
    internal static Task<SandboxHost> StartSandboxAsync() =>
        SandboxHost.StartAsync(new SandboxOptions { DatabasePath = ":memory:", DefaultRateLimitPerMinute = 100_000 });
}
