using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Segnals.Mcp.Generated;
using Segnals.Mcp.HttpServer.Configuration;
using Segnals.Mcp.Replicas;
using Segnals.Mcp.HttpServer.OAuth;
using Segnals.Mcp.Server.Cli;
using Segnals.Sandbox.Authorization.Cli;

namespace Segnals.Mcp.HttpServer.Hosting;

/// <summary>
/// segnals-mcp-http: reads the command line (as `segnals-mcp serve --http` validated it) and the environment,
/// starts the embedded sandbox (and its authorization server) when asked, serves until SIGTERM or Ctrl+C, and exits 0
/// once calls in flight have finished. It also runs `segnals-mcp sandbox serve` and `sandbox oauth …`, which need the
/// authorization server the desktop binary cannot hold. Exit codes: 1 configuration problem, 2 bad usage. Lines for people go to stderr; stdout carries the
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

        if (command.Kind == CommandKind.Sandbox)
        {
            // `segnals-mcp sandbox serve` (and `sandbox oauth …`) arrive here: this executable has the authorization server.
            return await SandboxCommand.RunAsync([.. command.Rest], Console.Out, stderr);
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

        await using var sandbox = settings.Sandbox ? await EmbeddedSandbox.StartAsync(Name, environment, stderr) : null;
        if (settings.Sandbox && sandbox is null)
        {
            return 1;
        }

        if (sandbox is not null)
        {
            settings = sandbox.Apply(settings);
        }

        // Redis outages are logged from before the application exists (start-up waits for Redis at most 2 s).
        using var replicaLogs = LoggerFactory.Create(HostedLogging.Configure);
        await using var stores = await ReplicaStores.CreateAsync(settings.Redis, settings.Server.RateLimitPerMinute, settings.Server.ConfirmationLifetime,
            replicaLogs.CreateLogger("Segnals.Mcp.Replicas"));
        await using var app = HostedApp.Build(settings, stores, line => stderr.WriteLine($"{Name}: {line}"));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        var signIn = sandbox is null ? null : await sandbox.ServeAsync(settings, app.Services.GetRequiredService<ResourceServerIdentity>(), new Uri(address));
        await StartupNotes.WriteAsync(stderr, Name, settings, stores, environment);
        if (settings.OAuth is not null)
        {
            await StartupNotes.WriteOAuthAsync(stderr, Name, settings, app.Services);
        }

        if (sandbox is not null)
        {
            await StartupNotes.WriteSandboxAsync(stderr, Name, sandbox.Host, address + settings.Path, signIn!);
        }

        await StartupNotes.WriteServingAsync(stderr, Name, settings, address);

        await stderr.FlushAsync();
        await app.WaitForShutdownAsync();
        return 0;
    }
}
