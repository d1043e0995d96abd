using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Segnals.Testing;

/// <summary>What a scripted backend saw of one request (never the key itself: only whether it matched).</summary>
/// <param name="RawTarget">Path and query exactly as sent, still escaped and with /api, for tests of what goes on the wire.</param>
/// <param name="Path">The decoded path relative to /api.</param>
/// <param name="Headers">Every request header but Authorization, which is only compared (<paramref name="BearerMatched"/>).</param>
public sealed record SeenRequest(
    string Method,
    string RawTarget,
    string Path,
    string Query,
    IReadOnlyDictionary<string, string> Headers,
    string Body,
    string? IdempotencyKey,
    bool BearerMatched,
    long Timestamp)
{
    /// <summary>The header's value as sent (even when empty), or null when the request did not carry it.</summary>
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}

/// <summary>
/// A real HTTP server on 127.0.0.1 whose answers the test scripts, for faults the sandbox cannot produce
/// on demand: 5xx after committing, slow answers, non-JSON bodies, a 403 naming the scope, a dropped
/// connection. Every request is recorded so a test can count what reached the API and check what went on
/// the wire. /keys/self answers with all scopes unless the script handles it; <see cref="ReplySequence"/>
/// is a script that answers by arrival order instead of by path.
/// </summary>
public sealed class ScriptedBackend : IAsyncDisposable
{
    public static readonly string[] AllScopes =
    [
        "read:account", "read:stats", "read:bots", "write:bots", "control:bots", "write:strategies",
        "read:marketplace", "write:marketplace", "read:news", "read:knowledge", "manage:notifications",
    ];

    private readonly CancellationTokenSource _stopping = new();
    private readonly Func<SeenRequest, HttpContext, CancellationToken, Task<bool>> _script;
    private WebApplication _app = null!;

    private ScriptedBackend(Func<SeenRequest, HttpContext, CancellationToken, Task<bool>> script, string key)
    {
        _script = script;
        Key = key;
    }

    public string Key { get; }

    public Uri BaseAddress { get; private set; } = null!;

    public ConcurrentQueue<SeenRequest> Requests { get; } = new();

    /// <param name="script">Answers a request and returns true, or returns false to fall through to the defaults
    /// (/keys/self with all scopes; anything else 404). The token fires when the backend stops or the client
    /// goes away.</param>
    /// <param name="key">The key a request must carry as its bearer token to count as <see cref="SeenRequest.BearerMatched"/>:
    /// a fresh canary key unless the client under test is built with a fixed one.</param>
    public static async Task<ScriptedBackend> StartAsync(Func<SeenRequest, HttpContext, CancellationToken, Task<bool>> script, string? key = null)
    {
        var backend = new ScriptedBackend(script, key ?? CanaryKey.New());

        var builder = LoopbackWebApp.CreateBuilder();
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromSeconds(2));
        var app = builder.Build();
        app.Run(backend.HandleAsync);
        var origin = await LoopbackWebApp.StartAsync(app);
        backend._app = app;
        backend.BaseAddress = new Uri(origin, "api");
        return backend;
    }

    /// <summary>Environment for a server talking to this backend with the canary key.</summary>
    public Dictionary<string, string?> Environment(params (string Name, string Value)[] more) => ServerEnvironment.For(Key, BaseAddress, more);

    /// <summary>Requests with this method and path (relative to /api) that reached the backend.</summary>
    public IReadOnlyList<SeenRequest> Seen(string method, string path) =>
        Requests.Where(request => request.Method == method && request.Path == path).ToList();

    /// <summary>Requests other than the scope look-up.</summary>
    public IReadOnlyList<SeenRequest> ApiCalls => Requests.Where(request => request.Path != "/keys/self").ToList();

    public static async Task<bool> JsonAsync(HttpContext context, int status, string json, params (string Name, string Value)[] headers)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        foreach (var (name, value) in headers)
        {
            context.Response.Headers[name] = value;
        }

        await context.Response.WriteAsync(json);
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _stopping.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        var path = context.Request.Path.Value ?? string.Empty;
        path = path.StartsWith("/api", StringComparison.Ordinal) ? path["/api".Length..] : path;
        var seen = new SeenRequest(
            context.Request.Method,
            context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget,
            path,
            context.Request.QueryString.Value ?? string.Empty,
            context.Request.Headers
                .Where(header => !string.Equals(header.Key, "Authorization", StringComparison.OrdinalIgnoreCase))
                .ToDictionary(header => header.Key, header => header.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            // Decoded as is (a byte order mark would stay), so a test comparing bodies sees exactly what was sent.
            Encoding.UTF8.GetString(body.ToArray()),
            context.Request.Headers["Idempotency-Key"].ToString() is { Length: > 0 } idempotencyKey ? idempotencyKey : null,
            context.Request.Headers.Authorization.ToString() == "Bearer " + Key,
            System.Diagnostics.Stopwatch.GetTimestamp());
        Requests.Enqueue(seen);

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token, context.RequestAborted);
        try
        {
            if (await _script(seen, context, linked.Token))
            {
                return;
            }
        }
        catch (OperationCanceledException) when (linked.IsCancellationRequested)
        {
            return;
        }

        if (seen.Method == "GET" && seen.Path == "/keys/self")
        {
            await JsonAsync(context, 200, $$"""{"key_id":7,"label":"e2e","prefix":"{{Key[..12]}}","scopes":[{{string.Join(",", AllScopes.Select(scope => $"\"{scope}\""))}}]}""");
            return;
        }

        await JsonAsync(context, 404, """{"message":"No such endpoint"}""");
    }
}
