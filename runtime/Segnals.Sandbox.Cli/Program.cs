using System.Runtime.InteropServices;
using Segnals.Sandbox;
using Segnals.Sandbox.Authorization;
using Segnals.Sandbox.Authorization.Cli;

// Ctrl+C and SIGTERM cancel the token; the sandbox then stops cleanly and the process exits.
using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    cancellation.Cancel();
});

if (args.Length > 0 && args[0] == "oauth")
{
    return await AuthorizationCli.RunAsync(args[1..], Console.Out, Console.Error);
}

// segnals-sandbox serves the OAuth authorization server beside the API (the desktop segnals-mcp binary does not:
// it is Native AOT, and OpenIddict and EF Core are not).
AuthorizationServerOptions authorization;
try
{
    authorization = AuthorizationServerOptions.FromEnvironment(Environment.GetEnvironmentVariable);
}
catch (ArgumentException e)
{
    await Console.Error.WriteLineAsync("segnals-sandbox: error: " + e.Message);
    return 2;
}
var code = await SandboxCli.RunAsync(args, Console.Out, Console.Error, cancellation.Token, [new SandboxAuthorizationServer(authorization)]);
if (args.Any(a => a is "--help" or "-h" or "help"))
{
    await Console.Out.WriteLineAsync(Environment.NewLine + AuthorizationCli.Usage);
}
return code;
