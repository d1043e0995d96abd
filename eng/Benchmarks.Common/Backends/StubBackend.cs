using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

using Segnals.Testing;

namespace Segnals.Benchmarks.Backends;

/// <summary>
/// The lightweight loopback backend for latency figures: a Kestrel minimal API on 127.0.0.1 that answers
/// GET /api/bots/ and GET /api/keys/self instantly from precomputed bytes (shaped like the sandbox's
/// answers), so what is measured is segnals-mcp, not the backend.
/// </summary>
public sealed class StubBackend : IAsyncDisposable
{
    public static readonly IReadOnlyList<string> AllScopes =
    [
        "read:account", "read:stats", "read:bots", "write:bots", "control:bots", "write:strategies",
        "read:marketplace", "write:marketplace", "read:news", "read:knowledge", "manage:notifications",
    ];

    private static readonly byte[] Bots = Encoding.UTF8.GetBytes(
        """{"bots":[{"id":101,"name":"BTC scalper","exchange":"bybit","status":"running","symbol":"BTCUSDT","timeframe":"5m","created_at":"2026-01-12T09:30:00Z"},{"id":102,"name":"ETH trend","exchange":"phemex","status":"stopped","symbol":"ETHUSDT","timeframe":"4h","created_at":"2026-02-03T17:05:00Z"},{"id":103,"name":"Gold grid","exchange":"mt5","status":"warming_up","symbol":"XAUUSD","timeframe":"15m","created_at":"2026-03-21T06:45:00Z"}],"total":3}""");

    private static readonly byte[] KeySelf = Encoding.UTF8.GetBytes(
        """{"key_id":7,"label":"benchmark","prefix":"sk_test_bench","scopes":[""" + string.Join(",", AllScopes.Select(scope => "\"" + scope + "\"")) + """],"created_at":"2026-01-01T00:00:00Z","expires_at":null,"rate_limit_per_minute":100000}""");

    private static readonly byte[] NotFound = Encoding.UTF8.GetBytes("""{"message":"Not found in the benchmark stub."}""");

    private readonly WebApplication _app;

    private StubBackend(WebApplication app, Uri apiBase)
    {
        _app = app;
        ApiBase = apiBase;
    }

    /// <summary>e.g. http://127.0.0.1:41234/api</summary>
    public Uri ApiBase { get; }

    /// <summary>Requests served, by "METHOD path" (unexpected ones show up here too).</summary>
    public ConcurrentDictionary<string, int> Requests { get; } = new(StringComparer.Ordinal);

    public static async Task<StubBackend> StartAsync()
    {
        var app = LoopbackWebApp.CreateBuilder().Build();
        StubBackend? self = null;

        app.Run(context =>
        {
            var request = context.Request;
            var path = request.Path.Value ?? string.Empty;
            self!.Requests.AddOrUpdate(request.Method + " " + path, 1, (_, count) => count + 1);
            var body = request.Method == "GET" && request.Headers.Authorization.Count == 1
                ? path switch
                {
                    "/api/bots/" or "/api/bots" => Bots,
                    "/api/keys/self" => KeySelf,
                    _ => null,
                }
                : null;
            context.Response.StatusCode = body is null ? StatusCodes.Status404NotFound : StatusCodes.Status200OK;
            context.Response.ContentType = "application/json";
            body ??= NotFound;
            context.Response.ContentLength = body.Length;
            return context.Response.Body.WriteAsync(body).AsTask();
        });

        self = new StubBackend(app, new Uri(await LoopbackWebApp.StartAsync(app).ConfigureAwait(false), "api"));
        return self;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
