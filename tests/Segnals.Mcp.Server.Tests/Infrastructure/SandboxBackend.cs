using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Segnals.Sandbox;

namespace Segnals.Mcp.Server.Tests.Infrastructure;

/// <summary>
/// The real Segnals sandbox API on 127.0.0.1 (in this test process, in-memory database, seeded demo
/// account), plus direct HTTP checks the tests use to see what really happened behind the server.
/// Demo bots: 1 BTC Trend Rider (running), 2 ETH Scalper (stopped), 3 Gold Swing (running, martingale),
/// 4 SOL Momentum (error), 5 EURUSD Breakout (warming up).
/// </summary>
internal sealed class SandboxBackend : IAsyncDisposable
{
    public const int StoppedBot = 2;
    public const int RunningBot = 1;

    public static readonly string[] ReadScopes = ["read:account", "read:stats", "read:bots", "read:marketplace", "read:news", "read:knowledge"];

    private readonly HttpClient _http = new();

    private SandboxBackend(SandboxHost host, string demoKey)
    {
        Host = host;
        DemoKey = demoKey;
    }

    public SandboxHost Host { get; }

    /// <summary>A full-scope key for the demo user.</summary>
    public string DemoKey { get; }

    public static async Task<SandboxBackend> StartAsync(int defaultRateLimitPerMinute = 600)
    {
        var host = await SandboxHost.StartAsync(new SandboxOptions
        {
            DatabasePath = ":memory:",
            WarmupDuration = TimeSpan.FromMinutes(2),
            DefaultRateLimitPerMinute = defaultRateLimitPerMinute,
        });
        var demo = await host.EnsureDemoAccountAsync();
        return new SandboxBackend(host, demo.ApiKey);
    }

    /// <summary>Environment for a server talking to this sandbox with <paramref name="key"/> (the demo key by default).</summary>
    public Dictionary<string, string?> Environment(string? key = null, params (string Name, string Value)[] more)
    {
        var environment = new Dictionary<string, string?>
        {
            ["SEGNALS_API_KEY"] = key ?? DemoKey,
            ["SEGNALS_API_BASE"] = Host.BaseAddress.ToString(),
        };
        foreach (var (name, value) in more)
        {
            environment[name] = value;
        }

        return environment;
    }

    /// <summary>A key for the demo user with only these scopes.</summary>
    public Task<string> CreateDemoKeyAsync(IReadOnlyList<string> scopes, int? rateLimitPerMinute = null) =>
        Host.CreateKeyAsync("demo", scopes, "e2e", expiresAt: null, rateLimitPerMinute: rateLimitPerMinute);

    /// <summary>GET straight to the sandbox (not through the server) with the demo key: status and body.</summary>
    public async Task<(HttpStatusCode Status, JsonElement Body)> GetAsync(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Host.BaseAddress + path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", DemoKey);
        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
    }

    /// <summary>The bot's status as the sandbox reports it, or null when it no longer exists.</summary>
    public async Task<string?> BotStatusAsync(int botId)
    {
        var (status, body) = await GetAsync($"/bots/{botId}");
        return status == HttpStatusCode.NotFound ? null : body.GetProperty("bot").GetProperty("status").GetString();
    }

    /// <summary>Every write request the sandbox received (audited, including refused ones), oldest first.</summary>
    public async Task<IReadOnlyList<AuditEntry>> WritesAsync() => (await Host.GetAuditLogAsync(10_000)).Reverse().ToList();

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await Host.DisposeAsync();
    }
}
