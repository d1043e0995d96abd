using Microsoft.Extensions.Options;
using OpenIddict.Server;

namespace Segnals.Sandbox.Authorization;

/// <summary>
/// The parts of OpenIddict's options known only once the sandbox listens: the issuer is the sandbox's origin
/// (the port may have been picked at start), and the sandbox API base joins the configured MCP resources as the one
/// resource a token exchange may ask for. Read when OpenIddict first needs its options, after start.
/// </summary>
internal sealed class ServerOptionsFromSandbox(SandboxAccounts accounts, AuthorizationServerOptions options) : IConfigureOptions<OpenIddictServerOptions>
{
    public void Configure(OpenIddictServerOptions server)
    {
        server.Issuer = new Uri(accounts.Origin.AbsoluteUri);
        foreach (var resource in options.Resources)
        {
            server.Resources.Add(resource);
        }
        server.Resources.Add(accounts.ApiBase);
    }
}
