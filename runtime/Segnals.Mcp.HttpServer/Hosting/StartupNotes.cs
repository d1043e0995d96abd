using Microsoft.Extensions.DependencyInjection;
using Segnals.Mcp.HttpServer.Configuration;
using Segnals.Mcp.HttpServer.OAuth;
using Segnals.Mcp.HttpServer.Web;
using Segnals.Mcp.Replicas;
using Segnals.Mcp.Runtime.Configuration;
using Segnals.Sandbox;

namespace Segnals.Mcp.HttpServer.Hosting;

/// <summary>What the operator reads on stderr at start: where it serves, and what a single process cannot share.</summary>
internal static class StartupNotes
{
    /// <summary>The last start-up line: once it is written, every other one is too and the server answers.</summary>
    public static Task WriteServingAsync(TextWriter stderr, string name, HostedSettings settings, string address) =>
        stderr.WriteLineAsync($"{name}: serving MCP (Streamable HTTP, stateless) at {address}{settings.Path}, read-only connector at {address}{settings.ReadOnlyPath}.");

    public static async Task WriteAsync(TextWriter stderr, string name, HostedSettings settings, ReplicaStores stores, Func<string, string?> environment)
    {
        await stderr.WriteLineAsync($"{name}: {stores.Description}");

        if (settings.Server.ConfirmationSecret is null)
        {
            await stderr.WriteLineAsync($"{name}: confirmation tokens are signed with a per-process secret; set {ServerSettingsReader.ConfirmationSecretVariable} so that every replica (and a restart) accepts them.");
        }

        if (environment(ServerSettingsReader.ApiKeyVariable) is { Length: > 0 })
        {
            await stderr.WriteLineAsync($"{name}: {ServerSettingsReader.ApiKeyVariable} is not used in hosted mode: every request sends its caller's own key (Authorization: Bearer sk_…).");
        }

        if (settings.Host is not ("127.0.0.1" or "localhost" or "::1") && settings.AllowedHosts.Patterns.SequenceEqual(HostAllowList.Loopback))
        {
            await stderr.WriteLineAsync($"{name}: listening on {settings.Host}, but only loopback Host names are answered; set {HostedSettingsReader.AllowedHostsVariable} to the name clients use.");
        }
    }

    /// <summary>Whose tokens are accepted, where the metadata is, and whether the authorization server answers now (a server that does not answer refuses every token until it does).</summary>
    public static async Task WriteOAuthAsync(TextWriter stderr, string name, HostedSettings settings, IServiceProvider services)
    {
        var oauth = settings.OAuth!;
        var resources = services.GetRequiredService<ProtectedResources>();
        await stderr.WriteLineAsync(
            $"{name}: OAuth 2.1 protected resource of {oauth.Issuer}: {resources.ResourceOf(resources.Full)} and {resources.ResourceOf(resources.ReadOnly)} " +
            $"(metadata {resources.MetadataUrlOf(resources.Full)}); tokens are exchanged for the user's Segnals API key, never sent on; " +
            $"Segnals API keys {(oauth.AllowApiKeys ? "are accepted too" : $"are refused ({OAuthSettingsReader.AllowApiKeysVariable}=true accepts them)")}; " +
            $"tokens without an audience {(oauth.AllowMissingAudience ? "are accepted" : "are refused")}.");
        try
        {
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(3));
            var issuer = await services.GetRequiredService<IssuerDiscovery>().CurrentAsync(wait.Token);
            await stderr.WriteLineAsync($"{name}: the authorization server answers ({issuer.SigningKeys.Count} signing key(s){(string.IsNullOrEmpty(issuer.Metadata.IntrospectionEndpoint) ? ", no introspection: JWT access tokens only" : string.Empty)}).");
        }
        catch (Exception exception) when (exception is AuthorizationServerUnavailableException or OperationCanceledException or TimeoutException)
        {
            await stderr.WriteLineAsync($"{name}: WARNING: the authorization server does not answer yet ({exception.Message}); every token is refused with 503 until it does.");
        }
    }

    public static Task WriteSandboxAsync(TextWriter stderr, string name, SandboxHost sandbox, string mcpAddress, SandboxSignIn signIn)
    {
        var database = sandbox.Options.DatabasePath == SandboxDataFolder.DefaultDatabasePath() ? string.Empty : $" --db {sandbox.Options.DatabasePath}";
        return stderr.WriteLineAsync(
            $"{name}: the sandbox is the OAuth authorization server ({signIn.Issuer}). Point an MCP client at {mcpAddress}: it is sent to sign in; " +
            $"sign in as '{signIn.Username}' with the password  {signIn.Password}  (new at every start, shown only here).\n" +
            $"{name}: or send a sandbox key instead: create one with  segnals-mcp sandbox keys create --user alice --scopes all --label hosted{database}\n" +
            $"{name}: and point the client at {mcpAddress} with the header  Authorization: Bearer <that key>");
    }
}
