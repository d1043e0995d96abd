using System.Diagnostics;
using System.Runtime.InteropServices;
using Segnals.Mcp.Server.Cli;

namespace Segnals.Mcp.Server.Hosting;

/// <summary>
/// `segnals-mcp serve --http` (or SEGNALS_MCP_TRANSPORT=http): runs the hosted server, segnals-mcp-http, which
/// ships beside this binary in http/ and runs on the installed .NET runtime through the `dotnet` muxer. It is a
/// separate executable so that ASP.NET Core hosting, telemetry and Redis never weigh on the desktop binary. On
/// Unix this process is replaced by it (exec), so signals and the exit code go straight to the hosted server;
/// elsewhere it runs as a child that shares this console (Ctrl+C reaches both) and its exit code is returned.
/// </summary>
internal static class HostedServerLauncher
{
    public const string TransportVariable = "SEGNALS_MCP_TRANSPORT";

    /// <summary>Where the hosted server's files sit, relative to this binary's folder.</summary>
    public const string FolderName = "http";

    public const string AssemblyFileName = "segnals-mcp-http.dll";

    /// <summary>Whether to serve over HTTP; an error (and its exit code) when the transport is asked for wrongly.</summary>
    public readonly record struct Choice(bool Http, string? Error = null, int ExitCode = 0);

    public static Choice Choose(CommandLine command, Func<string, string?> environment)
    {
        bool? fromEnvironment = environment(TransportVariable)?.Trim().ToLowerInvariant() switch
        {
            null or "" => null,
            "stdio" => false,
            "http" => true,
            _ => null,
        };
        if (fromEnvironment is null && environment(TransportVariable) is { } text && text.Trim().Length > 0)
        {
            return new Choice(false, $"{TransportVariable} must be stdio (the default) or http.", 1);
        }

        if (command.Kind is CommandKind.Help or CommandKind.Version)
        {
            return new Choice(false);
        }

        if (command.Kind != CommandKind.Serve)
        {
            return command.Http || command.HasHttpOptions
                ? new Choice(false, "--http, --host, --port, --path and --readonly-path belong to the serve command (segnals-mcp serve --http).", 2)
                : new Choice(false);
        }

        var http = command.Http || fromEnvironment == true;
        return !http && command.HasHttpOptions
            ? new Choice(false, "--host, --port, --path and --readonly-path need --http (or SEGNALS_MCP_TRANSPORT=http).", 2)
            : new Choice(http);
    }

    /// <summary>Runs the hosted server with this command line; returns only when it could not be started (or, without exec, when it ends).</summary>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, Func<string, string?> environment, TextWriter stderr)
    {
        var assembly = Path.Combine(AppContext.BaseDirectory, FolderName, AssemblyFileName);
        if (!File.Exists(assembly))
        {
            await stderr.WriteLineAsync($"segnals-mcp: the hosted server is missing (expected {assembly}); reinstall the tool, or build runtime/Segnals.Mcp.Server again.");
            return 1;
        }

        if (DotnetMuxer.Find(environment) is not { } dotnet)
        {
            await stderr.WriteLineAsync("segnals-mcp: hosted mode runs on the installed .NET 10 runtime with ASP.NET Core, but no `dotnet` was found " +
                "(looked in DOTNET_ROOT, PATH and the usual install folders); install .NET 10 or set DOTNET_ROOT.");
            return 1;
        }

        string[] argv = [dotnet, assembly, .. args];
        await stderr.FlushAsync();
        if (!OperatingSystem.IsWindows() && ProcessReplacement.Exec(argv) is { } failure)
        {
            await stderr.WriteLineAsync($"segnals-mcp: could not start the hosted server ({failure}).");
            return 1;
        }

        return await RunAsChildAsync(argv);
    }

    /// <summary>Where exec is unavailable: a child on this console. Ctrl+C reaches both; a SIGTERM sent to this process is passed on.</summary>
    private static async Task<int> RunAsChildAsync(string[] argv)
    {
        var start = new ProcessStartInfo(argv[0]) { UseShellExecute = false };
        foreach (var argument in argv.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        using var child = Process.Start(start) ?? throw new InvalidOperationException("The hosted server process did not start.");
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => context.Cancel = true);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            ProcessReplacement.Terminate(child);
        });
        await child.WaitForExitAsync();
        return child.ExitCode;
    }
}
