using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

using Segnals.Testing;

namespace Segnals.Sandbox.Authorization.Tests.Infrastructure;

/// <summary>
/// A client's own web presence on 127.0.0.1: serves documents at paths the test sets (a Client ID Metadata Document)
/// and records the requests that reach /callback (where a browser lands after consent).
/// </summary>
public sealed class ClientSite : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, (int Status, string Body)> _documents = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource<Uri> _callback = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ClientSite(WebApplication app, Uri origin)
    {
        _app = app;
        Origin = origin;
    }

    public Uri Origin { get; }

    public string CallbackUrl => new Uri(Origin, "callback").AbsoluteUri;

    /// <summary>How many times each document was fetched.</summary>
    public ConcurrentDictionary<string, int> Fetches { get; } = new(StringComparer.Ordinal);

    public static async Task<ClientSite> StartAsync()
    {
        var builder = LoopbackWebApp.CreateBuilder();
        builder.Services.AddRouting();
        var app = builder.Build();
        ClientSite? site = null;
        app.MapGet("/callback", (HttpContext http) =>
        {
            site!._callback.TrySetResult(new Uri(site.Origin, http.Request.Path + http.Request.QueryString));
            return Results.Content("<!DOCTYPE html><html lang=\"en\"><title>Done</title><p id=\"done\">You may close this window.</p></html>", "text/html");
        });
        app.MapFallback("{*path}", (HttpContext http) =>
        {
            var path = http.Request.Path.Value ?? "";
            site!.Fetches.AddOrUpdate(path, 1, (_, n) => n + 1);
            return site._documents.TryGetValue(path, out var document)
                ? Results.Content(document.Body, "application/json", statusCode: document.Status)
                : Results.NotFound();
        });
        site = new ClientSite(app, await LoopbackWebApp.StartAsync(app));
        return site;
    }

    public string Serve(string path, string json, int status = 200)
    {
        _documents[path] = (status, json);
        return new Uri(Origin, path).AbsoluteUri;
    }

    public Task<Uri> CallbackAsync(TimeSpan timeout) => _callback.Task.WaitAsync(timeout);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
