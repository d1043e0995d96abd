using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Segnals.Mcp.Generated;
using Segnals.Mcp.HttpServer.Configuration;
using Segnals.Mcp.Replicas;
using Segnals.Mcp.Runtime.Configuration;
using Segnals.Mcp.Server.Cli;
using Segnals.Sandbox;

namespace Segnals.Mcp.HttpServer.Hosting;

/// <summary>
/// segnals-mcp-http: reads the command line (as `segnals-mcp serve --http` validated it) and the environment,
/// starts the embedded sandbox when asked, serves until SIGTERM or Ctrl+C, and exits 0 once calls in flight have
/// finished. Exit codes: 1 configuration problem, 2 bad usage. Lines for people go to stderr; stdout carries the
/// JSON log.
/// </summary>
internal static class HostedCommand
{
    private const string Name = "segnals-mcp-http";

    public static async Task<int> RunAsync(string[] args, Func<string, string?> environment, TextWriter stderr)
    {
        var parsed = CommandLine.Parse(args);
        if (parsed.Command is not { } command)
        {
            await stderr.WriteLineAsync($"{Name}: {parsed.Error}");
            return 2;
        }

        if (command.Kind is CommandKind.Help or CommandKind.Version)
        {
            await stderr.WriteLineAsync($"{Name} {SegnalsCatalog.Info.Version}: the hosted Segnals MCP server (Streamable HTTP). Run it as `segnals-mcp serve --http`; see `segnals-mcp --help`.");
            return 0;
        }

        if (command.Kind != CommandKind.Serve)
        {
            await stderr.WriteLineAsync($"{Name}: only serves MCP; run other commands with segnals-mcp.");
            return 2;
        }

        var (settings, errors) = HostedSettingsReader.Read(command, environment);
        if (settings is null)
        {
            foreach (var error in errors)
            {
                await stderr.WriteLineAsync($"{Name}: {error}");
            }

            return 1;
        }

        await using var sandbox = settings.Sandbox ? await StartSandboxAsync(environment, stderr) : null;
        if (settings.Sandbox && sandbox is null)
        {
            return 1;
        }

        if (sandbox is not null)
        {
            settings = settings with { Server = settings.Server with { ApiBase = sandbox.BaseAddress } };
        }

        // Redis outages are logged from before the application exists (start-up waits for Redis at most 2 s).
        using var replicaLogs = LoggerFactory.Create(HostedLogging.Configure);
        await using var stores = await ReplicaStores.CreateAsync(settings.Redis, settings.Server.RateLimitPerMinute, settings.Server.ConfirmationLifetime,
            replicaLogs.CreateLogger("Segnals.Mcp.Replicas"));
        await using var app = HostedApp.Build(settings, stores, line => stderr.WriteLine($"{Name}: {line}"));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        await StartupNotes.WriteAsync(stderr, Name, settings, stores, environment);
        if (sandbox is not null)
        {
            await StartupNotes.WriteSandboxAsync(stderr, Name, sandbox, address + settings.Path);
        }

        await StartupNotes.WriteServingAsync(stderr, Name, settings, address);

        await stderr.FlushAsync();
        await app.WaitForShutdownAsync();
        return 0;
    }

    /// <returns>The running sandbox, or null (the reason written to stderr) when it has nowhere to keep its data.</returns>
    private static async Task<SandboxHost?> StartSandboxAsync(Func<string, string?> environment, TextWriter stderr)
    {
        var databasePath = environment(SandboxOptions.DatabasePathVariable) is { Length: > 0 } given ? Path.GetFullPath(given) : SandboxDataFolder.DefaultDatabasePath();
        if (databasePath is null)
        {
            await stderr.WriteLineAsync($"{Name}: the sandbox found no data folder for its database; set {SandboxOptions.DatabasePathVariable} to the file it should use.");
            return null;
        }

        var host = await SandboxHost.StartAsync(new SandboxOptions { DatabasePath = databasePath });
        await stderr.WriteLineAsync($"{Name}: SANDBOX mode: simulated money, no real exchange. Local API {host.BaseAddress}, data in {databasePath}.");
        return host;
    }
}
