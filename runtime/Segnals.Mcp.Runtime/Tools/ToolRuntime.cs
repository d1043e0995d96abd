using Segnals.Mcp.Runtime.Catalog;
using Segnals.Mcp.Runtime.Configuration;
using Segnals.Mcp.Runtime.Safety;

namespace Segnals.Mcp.Runtime.Tools;

public sealed class ToolRuntimeOptions
{
    public ConfirmationMode Confirmation { get; init; } = ConfirmationMode.Auto;

    /// <summary>HMAC secret for confirmation tokens; a fresh per-process secret when null.</summary>
    public byte[]? ConfirmationSecret { get; init; }

    public TimeSpan ConfirmationLifetime { get; init; } = ConfirmationTokens.DefaultLifetime;

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>How much of each tool definition tools/list sends.</summary>
    public ToolListing Listing { get; init; } = ToolListing.Full;

    /// <summary>Where spent confirmation tokens are remembered; this process's memory when null.</summary>
    public IConfirmationReplayStore? ReplayStore { get; init; }

    /// <summary>Where diagnostic lines go (stderr in the stdio server). Never receives the key.</summary>
    public Action<string> Log { get; init; } = static _ => { };
}

/// <summary>The services every generated tool shares, whoever the caller: catalog, safety gates, logging.</summary>
public sealed class ToolRuntime
{
    private readonly Lazy<ConfirmationTokens> _tokens;

    public ToolRuntime(CatalogInfo catalog, ToolRuntimeOptions options)
    {
        Catalog = catalog;
        Options = options;
        // Made on first use: the random secret loads the platform crypto library (measured ~4.6 MiB and
        // start-up time), which a session that never previews a ✋ tool does not need.
        _tokens = new Lazy<ConfirmationTokens>(() =>
            new ConfirmationTokens(options.ConfirmationSecret ?? ConfirmationTokens.NewProcessSecret(), options.Time, options.ConfirmationLifetime, options.ReplayStore));
        CredentialGuard = new CredentialGuard(catalog.CredentialKeys);
    }

    public CatalogInfo Catalog { get; }

    public ToolRuntimeOptions Options { get; }

    public ConfirmationTokens Tokens => _tokens.Value;

    public CredentialGuard CredentialGuard { get; }
}
