using System.Runtime.InteropServices;
using Segnals.Sandbox;

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
return await SandboxCli.RunAsync(args, Console.Out, Console.Error, cancellation.Token);
