namespace Segnals.Sandbox.Tests.Infrastructure;

/// <summary>A sandbox started for one test: in-memory database (or a file), a manual clock, short warm-up.</summary>
public sealed class TestSandbox : IAsyncDisposable
{
    public static readonly IReadOnlyList<string> AllScopes =
    [
        "read:account", "read:stats", "read:bots", "write:bots", "control:bots", "write:strategies",
        "read:marketplace", "write:marketplace", "read:news", "read:knowledge", "manage:notifications",
    ];

    private readonly List<ApiClient> _clients = [];

    private TestSandbox(SandboxHost host, ManualTimeProvider clock)
    {
        Host = host;
        Clock = clock;
    }

    public SandboxHost Host { get; }

    public ManualTimeProvider Clock { get; }

    public static readonly TimeSpan Warmup = TimeSpan.FromMilliseconds(200);

    public static async Task<TestSandbox> StartAsync(string databasePath = ":memory:", ManualTimeProvider? clock = null)
    {
        clock ??= new ManualTimeProvider();
        var host = await SandboxHost.StartAsync(new SandboxOptions
        {
            DatabasePath = databasePath,
            WarmupDuration = Warmup,
            Time = clock,
        });
        return new TestSandbox(host, clock);
    }

    /// <summary>A client with a fresh full-scope key for the seeded VIP demo account.</summary>
    public async Task<ApiClient> DemoAsync()
    {
        var demo = await Host.EnsureDemoAccountAsync();
        return Client(demo.ApiKey);
    }

    public async Task<ApiClient> UserAsync(string user, IReadOnlyList<string>? scopes = null, int? rateLimit = null, DateTimeOffset? expiresAt = null)
    {
        var key = await Host.CreateKeyAsync(user, scopes ?? AllScopes, "test", expiresAt, rateLimit);
        return Client(key);
    }

    public ApiClient Client(string? key)
    {
        var client = new ApiClient(Host.BaseAddress, key);
        _clients.Add(client);
        return client;
    }

    /// <summary>Moves past the warm-up so started bots are running.</summary>
    public void SkipWarmup() => Clock.Advance(Warmup + TimeSpan.FromMilliseconds(1));

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }
        await Host.DisposeAsync();
    }
}
