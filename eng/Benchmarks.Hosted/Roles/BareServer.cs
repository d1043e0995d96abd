using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Server;

namespace Segnals.Benchmarks.Hosted.Roles;

/// <summary>
/// The ceiling of this stack: a stateless ModelContextProtocol.AspNetCore server with one tool that forwards
/// to the backend and returns its text, and nothing else (no caller, no validation, no limits, no logs).
/// What segnals-mcp-http does on top of this is what the benchmark prices.
/// </summary>
internal static class BareServer
{
    public static async Task RunAsync(int port, Uri apiBase, string apiKey)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        var backend = new HttpClient { BaseAddress = new Uri(apiBase.AbsoluteUri.TrimEnd('/') + "/") };
        backend.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        var listBots = McpServerTool.Create(
            async (CancellationToken cancellationToken) => await backend.GetStringAsync("bots/", cancellationToken),
            new McpServerToolCreateOptions { Name = "segnals_list_bots", ReadOnly = true });
        builder.Services.AddMcpServer().WithHttpTransport(options => options.Stateless = true).WithTools([listBots]);

        var app = builder.Build();
        app.MapMcp("/mcp");
        app.MapGet("/healthz", () => "ok");
        await app.RunAsync();
    }
}
