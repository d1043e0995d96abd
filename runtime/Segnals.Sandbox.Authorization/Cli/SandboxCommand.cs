using System.Runtime.InteropServices;

namespace Segnals.Sandbox.Authorization.Cli;

/// <summary>
/// The sandbox's command line with its OAuth authorization server: <c>serve</c> runs the API and the authorization
/// server until Ctrl+C or SIGTERM; <c>oauth …</c> administers the authorization server; <c>keys create</c> and the rest
/// are <see cref="SandboxCli"/>'s. segnals-sandbox runs it, and so does the hosted server's executable for
/// `segnals-mcp sandbox serve` (the desktop binary is Native AOT and cannot contain OpenIddict).
/// </summary>
public static class SandboxCommand
{
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Length > 0 && args[0] == "oauth")
        {
            return await AuthorizationCli.RunAsync(args[1..], stdout, stderr).ConfigureAwait(false);
        }

        AuthorizationServerOptions authorization;
        try
        {
            authorization = AuthorizationServerOptions.FromEnvironment(Environment.GetEnvironmentVariable);
        }
        catch (ArgumentException e)
        {
            await stderr.WriteLineAsync("segnals-sandbox: error: " + e.Message).ConfigureAwait(false);
            return 2;
        }

        // Ctrl+C and SIGTERM cancel the token; the sandbox then stops cleanly and the process exits.
        using var cancellation = new CancellationTokenSource();
        ConsoleCancelEventHandler interrupt = (_, e) =>
        {
            e.Cancel = true;
            cancellation.Cancel();
        };
        Console.CancelKeyPress += interrupt;
        try
        {
            using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
            {
                context.Cancel = true;
                cancellation.Cancel();
            });
            var code = await SandboxCli.RunAsync(args, stdout, stderr, cancellation.Token, [new SandboxAuthorizationServer(authorization)]).ConfigureAwait(false);
            if (args.Any(a => a is "--help" or "-h" or "help"))
            {
                await stdout.WriteLineAsync(Environment.NewLine + AuthorizationCli.Usage).ConfigureAwait(false);
            }

            return code;
        }
        finally
        {
            Console.CancelKeyPress -= interrupt;
        }
    }
}
