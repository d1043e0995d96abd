using Segnals.Mcp.Generated;
using Segnals.Mcp.Runtime.Callers;
using Segnals.Mcp.Runtime.Catalog;
using Segnals.Mcp.Runtime.Configuration;
using Segnals.Mcp.Runtime.Http;
using Segnals.Mcp.Runtime.Tools;

namespace Segnals.Mcp.Server.Hosting;

/// <summary>
/// Wires settings into the API's handler chain, the generated Refit client, the runtime and the exposed
/// tools, for the one caller a desktop process serves: the key in SEGNALS_API_KEY.
/// </summary>
internal sealed class ServerComposition : IDisposable
{
    /// <summary>
    /// Once the key's scopes are known the list cannot change while this process runs (the key, its scopes and
    /// the ceilings are all fixed then); an hour bounds how long a long-running client keeps it anyway.
    /// </summary>
    private static readonly TimeSpan ListLifetime = TimeSpan.FromHours(1);

    private readonly HttpClient _http;

    public ServerComposition(ServerSettings settings, ToolExposure exposure, Action<string> log)
    {
        Settings = settings;
        _http = ApiHttpClient.Create(new ApiClientOptions
        {
            BaseAddress = settings.ApiBase,
            Timeout = settings.Timeout,
            MaxRetries = settings.MaxRetries,
            RateLimitPerMinute = settings.RateLimitPerMinute,
            BannedPathPrefixes = SegnalsCatalog.Info.BannedPaths,
            UserAgent = "segnals-mcp/" + SegnalsCatalog.Info.Version,
        });
        Client = SegnalsCatalog.CreateClient(_http);
        Caller = new ApiCallers(LoadKeyInfoAsync).Local(settings.ApiKey);
        Runtime = new ToolRuntime(SegnalsCatalog.Info, new ToolRuntimeOptions
        {
            Confirmation = settings.Confirmation,
            ConfirmationSecret = settings.ConfirmationSecret,
            ConfirmationLifetime = settings.ConfirmationLifetime,
            Listing = settings.Listing,
            Log = log,
        });
        Endpoint = new ToolEndpoint(SegnalsCatalog.CreateTools(Runtime, Client).Where(tool => exposure.Exposes(tool.Descriptor)), ListLifetime);
    }

    public ServerSettings Settings { get; }

    public ISegnalsApiClient Client { get; }

    /// <summary>The process's one caller: SEGNALS_API_KEY.</summary>
    public ApiCaller Caller { get; }

    public ToolRuntime Runtime { get; }

    /// <summary>The tools left after the operator's ceilings.</summary>
    public ToolEndpoint Endpoint { get; }

    public void Dispose() => _http.Dispose();

    private async Task<KeyInfo?> LoadKeyInfoAsync(ApiCaller caller, CancellationToken cancellationToken)
    {
        var body = await ApiExchange.SendAsync(Client.Client, Client.KeySelfAsync(caller), cancellationToken).ConfigureAwait(false);
        return KeyInfo.FromKeySelf(body);
    }
}
