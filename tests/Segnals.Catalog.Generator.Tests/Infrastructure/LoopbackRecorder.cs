using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Segnals.Catalog.Generator.Tests.Infrastructure;

/// <summary>What the recorder saw of one request.</summary>
internal sealed record RecordedRequest(string Method, string Path, string Query, string Body, string? Authorization, string? IdempotencyKey);

/// <summary>
/// A real HTTP server on 127.0.0.1 that records every request and answers with JSON chosen by the
/// test (by path), so generated clients are checked on a real transport.
/// </summary>
internal sealed class LoopbackRecorder : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Func<string, string, string> _respond;

    private LoopbackRecorder(WebApplication app, Func<string, string, string> respond)
    {
        _app = app;
        _respond = respond;
    }

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public Uri BaseAddress { get; private set; } = null!;

    /// <param name="respond">(method, path) → JSON body of a 200 answer.</param>
    public static async Task<LoopbackRecorder> StartAsync(Func<string, string, string> respond)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var recorder = new LoopbackRecorder(app, respond);
        app.Run(recorder.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        recorder.BaseAddress = new Uri(address + "/api");
        return recorder;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        var path = context.Request.Path.Value ?? string.Empty;
        const string prefix = "/api";
        path = path.StartsWith(prefix, StringComparison.Ordinal) ? path[prefix.Length..] : path;
        Requests.Enqueue(new RecordedRequest(
            context.Request.Method,
            path,
            context.Request.QueryString.Value ?? string.Empty,
            body,
            context.Request.Headers.Authorization.ToString(),
            context.Request.Headers["Idempotency-Key"].ToString() is { Length: > 0 } key ? key : null));
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(_respond(context.Request.Method, path));
    }
}
