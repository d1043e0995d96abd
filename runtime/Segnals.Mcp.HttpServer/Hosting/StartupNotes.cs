using Segnals.Mcp.HttpServer.Configuration;
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

    public static Task WriteSandboxAsync(TextWriter stderr, string name, SandboxHost sandbox, string mcpAddress)
    {
        var database = sandbox.Options.DatabasePath == SandboxDataFolder.DefaultDatabasePath() ? string.Empty : $" --db {sandbox.Options.DatabasePath}";
        return stderr.WriteLineAsync(
            $"{name}: to connect, create a sandbox key:  segnals-mcp sandbox keys create --user alice --scopes all --label hosted{database}\n" +
            $"{name}: then point an MCP client at {mcpAddress} with the header  Authorization: Bearer <that key>");
    }
}
