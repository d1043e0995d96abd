using Segnals.Mcp.Generated;
using Segnals.Mcp.Runtime.Catalog;
using Segnals.Mcp.Runtime.Configuration;
using Segnals.Mcp.Server.Commands;
using Segnals.Mcp.Server.Hosting;

namespace Segnals.Mcp.Server.Cli;

/// <summary>Dispatches the command line. Exit codes: 0 ok, 1 configuration or API problem, 2 bad usage.</summary>
internal static class SegnalsCommand
{
    public static async Task<int> RunAsync(string[] args, Func<string, string?> environment, TextWriter stdout, TextWriter stderr)
    {
        var parsed = CommandLine.Parse(args);
        if (parsed.Command is not { } command)
        {
            await stderr.WriteLineAsync("segnals-mcp: " + parsed.Error);
            return 2;
        }

        // Hosted mode is another executable (ASP.NET Core, JIT): hand over before anything else is set up here.
        switch (HostedServerLauncher.Choose(command, environment))
        {
            case { Error: { } error } choice:
                await stderr.WriteLineAsync("segnals-mcp: " + error);
                return choice.ExitCode;
            case { Http: true }:
                return await HostedServerLauncher.RunAsync(args, environment, stderr);
        }

        using var stop = new CancellationTokenSource();
        using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            stop.Cancel();
        });
        Console.CancelKeyPress += (_, eventArgs) =>
        {
            eventArgs.Cancel = true;
            stop.Cancel();
        };

        switch (command.Kind)
        {
            case CommandKind.Help:
                await stdout.WriteLineAsync(HelpText.Text);
                return 0;
            case CommandKind.Version:
                await stdout.WriteLineAsync($"segnals-mcp {typeof(SegnalsCommand).Assembly.GetName().Version?.ToString(3)} (catalog {SegnalsCatalog.Info.Version}, {SegnalsCatalog.Info.Tools.Count} tools)");
                return 0;
            case CommandKind.Docs:
                return await DocsCommand.RunAsync(command.OutputPath, stdout, stderr);
            case CommandKind.Sandbox when SandboxLauncher.NeedsAuthorizationServer(command.Rest):
                // The sandbox's OAuth authorization server lives in the hosted server's executable (not AOT-safe).
                return await HostedServerLauncher.RunAsync(args, environment, stderr);
            case CommandKind.Sandbox:
                return await SandboxLauncher.RunStandaloneAsync(command.Rest, stdout, stderr, stop.Token);
        }

        await using var sandbox = command.UseSandbox ? await SandboxLauncher.StartEmbeddedAsync(environment, stderr, stop.Token) : null;
        if (command.UseSandbox && sandbox is null)
        {
            return 1;
        }

        var settings = Report(sandbox?.Settings(environment) ?? ServerSettingsReader.Read(environment), stderr);
        if (settings is null)
        {
            return 1;
        }

        settings = settings with { Listing = command.Listing ?? settings.Listing };
        var exposure = command.Ceilings(settings, SegnalsCatalog.Info, out var problems);
        if (problems.Count > 0)
        {
            foreach (var problem in problems)
            {
                await stderr.WriteLineAsync("segnals-mcp: " + problem);
            }

            return 2;
        }

        using var composition = new ServerComposition(settings, exposure, line => stderr.WriteLine("segnals-mcp: " + line));
        return command.Kind == CommandKind.Doctor
            ? await DoctorCommand.RunAsync(composition, stdout, stop.Token)
            : await StdioServer.RunAsync(composition, stop.Token);
    }

    private static ServerSettings? Report(SettingsResult result, TextWriter stderr)
    {
        foreach (var error in result.Errors)
        {
            stderr.WriteLine("segnals-mcp: " + error);
        }

        return result.Errors.Count == 0 ? result.Settings : null;
    }
}
