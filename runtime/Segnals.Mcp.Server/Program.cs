using Segnals.Mcp.Server.Cli;
using Segnals.Mcp.Server.Hosting;

ProtocolWarmUp.Start();

// segnals-mcp: stdout carries MCP messages only; everything a person should read goes to stderr.
return await SegnalsCommand.RunAsync(args, Environment.GetEnvironmentVariable, Console.Out, Console.Error);
