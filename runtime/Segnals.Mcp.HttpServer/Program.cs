using Segnals.Mcp.HttpServer.Hosting;

// segnals-mcp-http: the hosted MCP server. Started by `segnals-mcp serve --http`, or directly (e.g. in a container).
return await HostedCommand.RunAsync(args, Environment.GetEnvironmentVariable, Console.Error);
