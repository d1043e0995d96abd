using Segnals.Sandbox;

namespace Segnals.Benchmarks.Backends;

/// <summary>The real sandbox API (SQLite, auth, scopes, simulation) in this process, for an informational "real backend" row.</summary>
public sealed class SandboxBackend : IAsyncDisposable
{
    private readonly SandboxHost _host;
    private readonly DirectoryInfo _directory;

    private SandboxBackend(SandboxHost host, DirectoryInfo directory, string apiKey)
    {
        _host = host;
        _directory = directory;
        ApiKey = apiKey;
    }

    public Uri ApiBase => _host.BaseAddress;

    public string ApiKey { get; }

    public static async Task<SandboxBackend> StartAsync()
    {
        var directory = Directory.CreateTempSubdirectory("segnals-bench-sandbox-");
        var host = await SandboxHost.StartAsync(new SandboxOptions
        {
            DatabasePath = Path.Combine(directory.FullName, "sandbox.db"),
            DefaultRateLimitPerMinute = 100_000_000,
        }).ConfigureAwait(false);
        var demo = await host.EnsureDemoAccountAsync().ConfigureAwait(false);
        return new SandboxBackend(host, directory, demo.ApiKey);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync().ConfigureAwait(false);
        try
        {
            _directory.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }
}
