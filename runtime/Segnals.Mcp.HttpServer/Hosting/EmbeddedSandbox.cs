using System.Net;
using Segnals.Mcp.HttpServer.Configuration;
using Segnals.Mcp.HttpServer.OAuth;
using Segnals.Sandbox;
using Segnals.Sandbox.Authorization;

namespace Segnals.Mcp.HttpServer.Hosting;

/// <summary>How a user signs in to the sandbox's authorization server: shown once at start.</summary>
internal sealed record SandboxSignIn(string Username, string Password, Uri Issuer);

/// <summary>
/// --sandbox: the embedded sandbox API (simulated money) in this process, which is also the OAuth authorization server
/// this server is a protected resource of. This server's address is known only once it listens (the port may be picked
/// at start), so it is registered with the authorization server then, as a confidential client with a new secret, for
/// its two paths; and the demo user gets a new sign-in password, shown once.
/// </summary>
internal sealed class EmbeddedSandbox : IAsyncDisposable
{
    private EmbeddedSandbox(SandboxHost host, SandboxAuthorizationServer authorization)
    {
        Host = host;
        Authorization = authorization;
    }

    public SandboxHost Host { get; }

    public SandboxAuthorizationServer Authorization { get; }

    /// <returns>The running sandbox, or null (the reason written to stderr) when it cannot start as configured.</returns>
    public static async Task<EmbeddedSandbox?> StartAsync(string name, Func<string, string?> environment, TextWriter stderr)
    {
        var databasePath = environment(SandboxOptions.DatabasePathVariable) is { Length: > 0 } given ? Path.GetFullPath(given) : SandboxDataFolder.DefaultDatabasePath();
        if (databasePath is null)
        {
            await stderr.WriteLineAsync($"{name}: the sandbox found no data folder for its database; set {SandboxOptions.DatabasePathVariable} to the file it should use.");
            return null;
        }

        AuthorizationServerOptions options;
        try
        {
            options = AuthorizationServerOptions.FromEnvironment(environment);
        }
        catch (ArgumentException exception)
        {
            await stderr.WriteLineAsync($"{name}: {exception.Message}");
            return null;
        }

        // The resources are this server's own paths, added once it listens.
        options.Resources.Clear();
        var authorization = new SandboxAuthorizationServer(options);
        var sandboxOptions = new SandboxOptions { DatabasePath = databasePath };
        sandboxOptions.Extensions.Add(authorization);
        var host = await SandboxHost.StartAsync(sandboxOptions);
        await stderr.WriteLineAsync($"{name}: SANDBOX mode: simulated money, no real exchange. Local API {host.BaseAddress}, data in {databasePath}.");
        return new EmbeddedSandbox(host, authorization);
    }

    /// <summary>The settings with the sandbox as the API and as the authorization server.</summary>
    public HostedSettings Apply(HostedSettings settings) => settings with
    {
        Server = settings.Server with { ApiBase = Host.BaseAddress },
        OAuth = (settings.OAuth ?? throw new InvalidOperationException("--sandbox always serves OAuth.")) with { Issuer = Authorization.Issuer.AbsoluteUri },
    };

    /// <summary>Registers this server, now listening at <paramref name="listening"/>, with the authorization server, and readies the demo user's sign-in.</summary>
    public async Task<SandboxSignIn> ServeAsync(HostedSettings settings, ResourceServerIdentity identity, Uri listening)
    {
        var oauth = settings.OAuth!;
        var publicUrl = oauth.PublicUrl ?? Reachable(listening);
        var secret = await Authorization.AddResourceServerAsync(oauth.ClientId, [new Uri(publicUrl, settings.Path), new Uri(publicUrl, settings.ReadOnlyPath)]);
        identity.Complete(publicUrl, secret);
        var user = await Host.EnsureDemoUserAsync();
        return new SandboxSignIn(user, await Authorization.SetPasswordAsync(user), Authorization.Issuer);
    }

    public ValueTask DisposeAsync() => Host.DisposeAsync();

    /// <summary>The listening address as a client on this machine reaches it (0.0.0.0 and [::] are not addresses to connect to).</summary>
    private static Uri Reachable(Uri listening) =>
        IPAddress.TryParse(listening.Host.Trim('[', ']'), out var address) && (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
            ? new UriBuilder(listening) { Host = "127.0.0.1" }.Uri
            : listening;
}
