using Segnals.Mcp.Runtime.Configuration;
using Segnals.Sandbox;

namespace Segnals.Mcp.Server.Hosting;

/// <summary>
/// The embedded sandbox: a real local Segnals-compatible API in this process, with a seeded demo
/// account, so a new user can try everything with simulated money and no account.
/// Kept in its own type so the web stack is loaded only when the sandbox is asked for.
/// </summary>
internal sealed class SandboxLauncher : IAsyncDisposable
{
    private readonly SandboxHost _host;
    private readonly DemoAccount _demo;

    private SandboxLauncher(SandboxHost host, DemoAccount demo)
    {
        _host = host;
        _demo = demo;
    }

    /// <summary>Where the embedded sandbox keeps its data; a file under the user's data folder by default.</summary>
    public const string DatabaseVariable = SandboxOptions.DatabasePathVariable;

    /// <returns>The running sandbox, or null (the reason written to stderr) when it has nowhere to keep its data.</returns>
    public static async Task<SandboxLauncher?> StartEmbeddedAsync(Func<string, string?> environment, TextWriter stderr, CancellationToken cancellationToken)
    {
        var databasePath = environment(DatabaseVariable) is { Length: > 0 } given ? Path.GetFullPath(given) : SandboxDataFolder.DefaultDatabasePath();
        if (databasePath is null)
        {
            await stderr.WriteLineAsync(
                $"segnals-mcp: the sandbox found no data folder for its database (the platform's local data folder is not an absolute path); set {DatabaseVariable} to the file it should use, e.g. {DatabaseVariable}=/path/to/sandbox.db.");
            return null;
        }

        var host = await SandboxHost.StartAsync(new SandboxOptions { DatabasePath = databasePath }, cancellationToken);
        var demo = await host.EnsureDemoAccountAsync();
        await stderr.WriteLineAsync($"segnals-mcp: SANDBOX mode: simulated money, no real exchange. Local API {host.BaseAddress}, data in {databasePath}, signed in as '{demo.Username}'.");
        return new SandboxLauncher(host, demo);
    }

    /// <summary>
    /// `sandbox serve` (also with no command, or only options) and `sandbox oauth …`: they serve or administer the
    /// sandbox's OAuth authorization server, which is in the hosted server's executable; `keys create` and help are here.
    /// </summary>
    public static bool NeedsAuthorizationServer(IReadOnlyList<string> args) =>
        !args.Any(arg => arg is "--help" or "-h" or "help")
        && (args.Count == 0 || args[0] is "serve" or "oauth" || args[0].StartsWith("--", StringComparison.Ordinal));

    public static Task<int> RunStandaloneAsync(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken) =>
        SandboxCli.RunAsync(args.ToArray(), stdout, stderr, cancellationToken);

    /// <summary>
    /// Settings pointing at the sandbox with its demo key; every other setting still comes from the
    /// environment, and a bad one is reported as it would be without the sandbox.
    /// </summary>
    public SettingsResult Settings(Func<string, string?> environment)
    {
        var result = ServerSettingsReader.Read(name => name == ServerSettingsReader.ApiKeyVariable ? _demo.ApiKey : name == ServerSettingsReader.ApiBaseVariable ? null : environment(name));
        return result.Settings is { } settings ? result with { Settings = settings with { ApiBase = _host.BaseAddress } } : result;
    }

    public ValueTask DisposeAsync() => _host.DisposeAsync();
}
