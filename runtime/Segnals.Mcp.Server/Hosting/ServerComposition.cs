using System.Text.Json;
using Segnals.Mcp.Generated;
using Segnals.Mcp.Runtime.Configuration;
using Segnals.Mcp.Runtime.Http;
using Segnals.Mcp.Runtime.Tools;

namespace Segnals.Mcp.Server.Hosting;

/// <summary>Wires settings into the HTTP transport, the generated client, the runtime and the exposed tools.</summary>
internal sealed class ServerComposition : IDisposable
{
    private readonly HttpApiTransport _transport;

    public ServerComposition(ServerSettings settings, ToolExposure exposure, Action<string> log)
    {
        Settings = settings;
        _transport = new HttpApiTransport(new HttpApiTransportOptions
        {
            BaseAddress = settings.ApiBase,
            ApiKey = settings.ApiKey,
            Timeout = settings.Timeout,
            MaxRetries = settings.MaxRetries,
            RateLimitPerMinute = settings.RateLimitPerMinute,
            BannedPathPrefixes = SegnalsCatalog.Info.BannedPaths,
            UserAgent = "segnals-mcp/" + SegnalsCatalog.Info.Version,
        });
        Client = SegnalsCatalog.CreateClient(_transport);
        Runtime = new ToolRuntime(SegnalsCatalog.Info, new ToolRuntimeOptions
        {
            Confirmation = settings.Confirmation,
            ConfirmationSecret = settings.ConfirmationSecret,
            ConfirmationLifetime = settings.ConfirmationLifetime,
            Listing = settings.Listing,
            LoadKeyInfo = LoadKeyInfoAsync,
            Log = log,
        });
        Tools = SegnalsCatalog.CreateTools(Runtime, Client).Where(tool => exposure.Exposes(tool.Descriptor)).ToList();
        Runtime.ExposedTools = Tools.Select(tool => tool.Descriptor.Name).ToHashSet(StringComparer.Ordinal);
    }

    public ServerSettings Settings { get; }

    public ISegnalsApiClient Client { get; }

    public ToolRuntime Runtime { get; }

    public IReadOnlyList<CatalogTool> Tools { get; }

    public void Dispose() => _transport.Dispose();

    private async Task<KeyInfo?> LoadKeyInfoAsync(CancellationToken cancellationToken)
    {
        var response = await Client.KeySelfAsync(cancellationToken).ConfigureAwait(false);
        if (response.Body.ValueKind != JsonValueKind.Object || !response.Body.TryGetProperty("scopes", out var scopes) || scopes.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        var set = scopes.EnumerateArray().Where(scope => scope.ValueKind == JsonValueKind.String).Select(scope => scope.GetString()!).ToHashSet(StringComparer.Ordinal);
        return new KeyInfo(set, response.Body);
    }
}
