using Segnals.Mcp.Generated;
using Segnals.Mcp.HttpServer.Callers;
using Segnals.Mcp.HttpServer.Configuration;
using Segnals.Mcp.Runtime.Callers;
using Segnals.Mcp.Runtime.Catalog;
using Segnals.Mcp.Runtime.Configuration;
using Segnals.Mcp.Runtime.Http;
using Segnals.Mcp.Runtime.Safety;
using Segnals.Mcp.Runtime.Tools;

namespace Segnals.Mcp.HttpServer.Hosting;

/// <summary>
/// Wires the hosted server's settings into the API client, the runtime and the two tool endpoints (full and
/// read-only). Unlike the stdio server's composition there is no caller here: each request brings its own, found
/// in <see cref="Callers"/>. The same ceilings narrow both endpoints; the read-only one also drops every tool that
/// changes anything, so a write tool is neither listed nor callable there.
/// </summary>
internal sealed class HostedComposition : IDisposable
{
    private readonly IDisposable _client;

    public HostedComposition(HostedSettings settings, ICallRateLimiter rateLimiter, IConfirmationReplayStore? replayStore, Action<string> log)
    {
        var server = settings.Server;
        (Client, _client) = CreateApiClient(server, rateLimiter);
        ApiBase = server.ApiBase;
        ApiCallers = new ApiCallers(LoadKeyInfoAsync);
        Callers = new CallerCache(ApiCallers);
        Runtime = new ToolRuntime(SegnalsCatalog.Info, new ToolRuntimeOptions
        {
            Confirmation = server.Confirmation,
            ConfirmationSecret = server.ConfirmationSecret,
            ConfirmationLifetime = server.ConfirmationLifetime,
            Listing = server.Listing,
            ReplayStore = replayStore,
            Log = log,
        });
        var tools = SegnalsCatalog.CreateTools(Runtime, Client).Where(tool => settings.Exposure.Exposes(tool.Descriptor)).ToList();
        // Stateless: a server lives for one request and cannot send the client one of its own, so no dialogs.
        // A caller's list is right as long as its scopes are kept: the caller cache's lifetime.
        Full = new ToolEndpoint(tools, CallerCache.Lifetime, canAskClient: false);
        ReadOnly = new ToolEndpoint(tools.Where(tool => tool.Descriptor.Kind == ToolKind.Read), CallerCache.Lifetime, canAskClient: false);
    }

    public ISegnalsApiClient Client { get; }

    /// <summary>The Segnals API every caller's requests go to (also what a token is exchanged for).</summary>
    public Uri ApiBase { get; }

    /// <summary>Makes the callers: from a key sent as bearer token, or from a key delegated by token exchange.</summary>
    public ApiCallers ApiCallers { get; }

    /// <summary>The callers of keys sent as bearer tokens.</summary>
    public CallerCache Callers { get; }

    public ToolRuntime Runtime { get; }

    /// <summary>The tools left after the operator's ceilings.</summary>
    public ToolEndpoint Full { get; }

    /// <summary>The read tools among them.</summary>
    public ToolEndpoint ReadOnly { get; }

    public void Dispose()
    {
        Callers.Dispose();
        _client.Dispose();
    }

    /// <summary>The one place the Segnals API client is built: the handler chain every caller shares, with the budgets in <paramref name="rateLimiter"/>.</summary>
    private static (ISegnalsApiClient Client, IDisposable Owner) CreateApiClient(ServerSettings settings, ICallRateLimiter rateLimiter)
    {
        var http = ApiHttpClient.Create(new ApiClientOptions
        {
            BaseAddress = settings.ApiBase,
            Timeout = settings.Timeout,
            MaxRetries = settings.MaxRetries,
            RateLimiter = rateLimiter,
            BannedPathPrefixes = SegnalsCatalog.Info.BannedPaths,
            UserAgent = "segnals-mcp-http/" + SegnalsCatalog.Info.Version,
        });
        return (SegnalsCatalog.CreateClient(http), http);
    }

    private async Task<KeyInfo?> LoadKeyInfoAsync(ApiCaller caller, CancellationToken cancellationToken)
    {
        var body = await ApiExchange.SendAsync(Client.Client, Client.KeySelfAsync(caller), cancellationToken).ConfigureAwait(false);
        return KeyInfo.FromKeySelf(body);
    }
}
