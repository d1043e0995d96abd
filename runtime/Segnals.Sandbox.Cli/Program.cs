using Segnals.Sandbox.Authorization.Cli;

// segnals-sandbox serves the OAuth authorization server beside the API (the desktop segnals-mcp binary hands
// `sandbox serve` to the hosted server's executable, which runs this same command: it is Native AOT, and OpenIddict
// and EF Core are not).
return await SandboxCommand.RunAsync(args, Console.Out, Console.Error);
