using Microsoft.Extensions.DependencyInjection;
using Segnals.Sandbox.Authorization.Clients;
using Segnals.Sandbox.Authorization.Interaction;

namespace Segnals.Sandbox.Authorization.Cli;

/// <summary>
/// <c>segnals-sandbox oauth …</c>: what an operator of the sandbox's authorization server does by hand. Works on
/// the database file, beside a running sandbox or without one. Secrets are printed once on stdout; bad arguments
/// exit with 2 and a message naming the argument.
/// </summary>
public static class AuthorizationCli
{
    public const string Usage =
        """
        OAuth 2.1 authorization server (served by `serve` at the sandbox origin; metadata at
        /.well-known/oauth-authorization-server):
          segnals-sandbox oauth password --user NAME [--db PATH]
              Give a sandbox user (e.g. demo) a new sign-in password for the consent page and print it once.
          segnals-sandbox oauth resource-server --client-id ID --resource URL[,URL…] [--db PATH]
              Register a resource server (the hosted MCP server) as a confidential client for the MCP resources it
              serves, and print its client secret once. It may introspect those resources' tokens and exchange them
              for short-lived sandbox API keys. Running it again replaces the secret.
        Environment for `serve`: SEGNALS_SANDBOX_OAUTH_RESOURCES (comma-separated MCP resource URLs; default
        http://127.0.0.1:8080/mcp,http://127.0.0.1:8080/mcp/readonly), SEGNALS_SANDBOX_OAUTH_TOKENS (jwt | reference).
        """;

    private static readonly HashSet<string> PasswordOptions = ["--user", "--db"];
    private static readonly HashSet<string> ResourceServerOptions = ["--client-id", "--resource", "--db"];

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        try
        {
            var secret = args.FirstOrDefault() switch
            {
                "password" => await SetPasswordAsync(Parse(args, PasswordOptions)).ConfigureAwait(false),
                "resource-server" => await RegisterResourceServerAsync(Parse(args, ResourceServerOptions)).ConfigureAwait(false),
                null => throw new ArgumentException("missing oauth command (expected: password, resource-server)"),
                var other => throw new ArgumentException($"unknown oauth command '{other}' (expected: password, resource-server)"),
            };
            await stdout.WriteLineAsync(secret).ConfigureAwait(false);
            await stdout.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            return 0;
        }
        catch (ArgumentException e)
        {
            await stderr.WriteLineAsync("segnals-sandbox: error: " + e.Message).ConfigureAwait(false);
            await stderr.WriteLineAsync("Run 'segnals-sandbox --help' for usage.").ConfigureAwait(false);
            return 2;
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or Microsoft.Data.Sqlite.SqliteException)
        {
            await stderr.WriteLineAsync("segnals-sandbox: " + e.Message).ConfigureAwait(false);
            return 1;
        }
    }

    private static Task<string> SetPasswordAsync(Dictionary<string, string> options) =>
        WithServicesAsync(options, services => services.GetRequiredService<UserPasswords>().SetNewAsync(Required(options, "--user"), CancellationToken.None));

    private static Task<string> RegisterResourceServerAsync(Dictionary<string, string> options)
    {
        var clientId = Required(options, "--client-id");
        var resources = Required(options, "--resource").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(text => Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && string.IsNullOrEmpty(uri.Fragment)
                ? uri
                : throw new ArgumentException($"--resource: '{text}' is not an absolute http(s) URL without a fragment"))
            .ToArray();
        return WithServicesAsync(options, services => services.GetRequiredService<ClientRegistrations>().CreateResourceServerAsync(clientId, resources, CancellationToken.None));
    }

    private static Task<string> WithServicesAsync(Dictionary<string, string> options, Func<IServiceProvider, Task<string>> work)
    {
        var database = options.TryGetValue("--db", out var path)
            ? path
            : SandboxDataFolder.DefaultDatabasePath() ?? throw new ArgumentException("no data folder was found for the database (the platform's local data folder is not an absolute path); pass --db with the file to use");
        if (database == ":memory:")
        {
            throw new ArgumentException("--db must be a file: an in-memory database is gone when this command ends");
        }
        return SandboxAccounts.WithDatabaseAsync(database, async accounts =>
        {
            var services = new ServiceCollection();
            services.AddLogging();
            services.AddSingleton(accounts);
            SandboxAuthorizationServer.AddStorage(services, database);
            await using var provider = services.BuildServiceProvider();
            SandboxAuthorizationServer.PrepareStorage(provider);
            await using var scope = provider.CreateAsyncScope();
            return await work(scope.ServiceProvider).ConfigureAwait(false);
        });
    }

    private static Dictionary<string, string> Parse(string[] args, HashSet<string> allowed)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 1; i < args.Length; i++)
        {
            var (name, value) = args[i].IndexOf('=', StringComparison.Ordinal) is > 0 and var eq && args[i].StartsWith("--", StringComparison.Ordinal)
                ? (args[i][..eq], args[i][(eq + 1)..])
                : (args[i], i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? args[++i] : null);
            if (!allowed.Contains(name))
            {
                throw new ArgumentException(name.StartsWith('-') ? $"unknown option '{name}'" : $"unexpected argument '{name}'");
            }
            if (value is null || value.Trim().Length == 0)
            {
                throw new ArgumentException($"option '{name}' needs a value");
            }
            if (!options.TryAdd(name, value.Trim()))
            {
                throw new ArgumentException($"option '{name}' given twice");
            }
        }
        return options;
    }

    private static string Required(Dictionary<string, string> options, string name) =>
        options.TryGetValue(name, out var value) ? value : throw new ArgumentException($"missing required option '{name}'");
}
