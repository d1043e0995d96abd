using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Segnals.Mcp.Runtime.Tests.Testing;

/// <summary>One request as the server received it.</summary>
internal sealed record RecordedRequest(string Method, string RawTarget, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}

/// <summary>What the server answers to one request; <paramref name="Abort"/> drops the connection after reading the request.</summary>
internal sealed record ScriptedReply(
    int Status,
    string? Body = null,
    IReadOnlyDictionary<string, string>? Headers = null,
    TimeSpan Delay = default,
    string ContentType = "application/json",
    bool Abort = false);

/// <summary>
/// A real HTTP server on 127.0.0.1 (Kestrel, random port) that records every request and answers from
/// a script: the n-th request gets the n-th reply, and the last reply repeats.
/// </summary>
internal sealed class LoopbackApiServer : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly List<RecordedRequest> _requests = [];
    private IReadOnlyList<ScriptedReply> _replies = [new ScriptedReply(200, "{}")];
    private WebApplication? _app;

    private LoopbackApiServer()
    {
    }

    /// <summary>Root of the server, e.g. http://127.0.0.1:41234/.</summary>
    public Uri Root { get; private set; } = null!;

    /// <summary>An API base with a path, like the real https://segnals.com/api.</summary>
    public Uri ApiBase => new(Root, "api");

    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return _requests.ToArray();
            }
        }
    }

    public static async Task<LoopbackApiServer> StartAsync()
    {
        var server = new LoopbackApiServer();

        // The empty builder reads no configuration files, so many servers in parallel watch no files.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.Run(server.HandleAsync);
        await app.StartAsync();

        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        server.Root = new Uri(address.TrimEnd('/') + "/");
        server._app = app;
        return server;
    }

    public void Reply(params ScriptedReply[] replies)
    {
        lock (_gate)
        {
            _replies = replies;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await _app.StopAsync(stopping.Token);
            await _app.DisposeAsync();
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        var headers = context.Request.Headers.ToDictionary(
            header => header.Key, header => header.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var rawTarget = context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget;

        ScriptedReply reply;
        lock (_gate)
        {
            _requests.Add(new RecordedRequest(context.Request.Method, rawTarget, headers, body.ToArray()));
            reply = _replies[Math.Min(_requests.Count - 1, _replies.Count - 1)];
        }

        if (reply.Delay > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(reply.Delay, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        if (reply.Abort)
        {
            context.Abort();
            return;
        }

        context.Response.StatusCode = reply.Status;
        foreach (var (name, value) in reply.Headers ?? new Dictionary<string, string>())
        {
            context.Response.Headers[name] = value;
        }

        if (reply.Body is not null)
        {
            context.Response.ContentType = reply.ContentType;
            await context.Response.WriteAsync(reply.Body, context.RequestAborted);
        }
    }
}
