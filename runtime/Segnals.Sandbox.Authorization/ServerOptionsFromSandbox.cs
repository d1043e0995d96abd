using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using OpenIddict.Server;

namespace Segnals.Sandbox.Authorization;

/// <summary>
/// The parts of OpenIddict's options known only once the sandbox listens: the issuer is the sandbox's origin
/// (the port may have been picked at start), and the sandbox API base joins the configured MCP resources as the one
/// resource a token exchange may ask for. Read when OpenIddict first needs its options, after start, and again after
/// <see cref="ResourcesChanged"/> (a resource server that learnt its own address only once it listened).
/// </summary>
internal sealed class ServerOptionsFromSandbox(SandboxAccounts accounts, AuthorizationServerOptions options)
    : IConfigureOptions<OpenIddictServerOptions>, IOptionsChangeTokenSource<OpenIddictServerOptions>
{
    private readonly Lock _gate = new();
    private CancellationTokenSource _changed = new();

    public string Name => Options.DefaultName;

    public void Configure(OpenIddictServerOptions server)
    {
        server.Issuer = new Uri(accounts.Origin.AbsoluteUri);
        foreach (var resource in options.Resources)
        {
            server.Resources.Add(resource);
        }
        server.Resources.Add(accounts.ApiBase);
    }

    public IChangeToken GetChangeToken()
    {
        lock (_gate)
        {
            return new CancellationChangeToken(_changed.Token);
        }
    }

    /// <summary>Makes OpenIddict read its options again, now that <see cref="AuthorizationServerOptions.Resources"/> changed.</summary>
    public void ResourcesChanged()
    {
        CancellationTokenSource previous;
        lock (_gate)
        {
            previous = _changed;
            _changed = new CancellationTokenSource();
        }
        previous.Cancel();
        previous.Dispose();
    }
}
