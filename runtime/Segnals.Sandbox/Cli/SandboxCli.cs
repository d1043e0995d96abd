using System.Globalization;
using Segnals.Sandbox.Accounts;

namespace Segnals.Sandbox;

/// <summary>
/// The segnals-sandbox command line: <c>serve</c> runs the API until cancelled; <c>keys create</c> prints a new
/// key once. Bad arguments exit with 2 and a message naming the argument; runtime failures exit with 1.
/// </summary>
public static class SandboxCli
{
    private const int ExitOk = 0;
    private const int ExitFailure = 1;
    private const int ExitUsage = 2;

    private const string Usage =
        """
        segnals-sandbox: a local Segnals-compatible API with simulated money (no real funds, exchanges or payments).

        Usage:
          segnals-sandbox [serve] [--port N] [--db PATH] [--log-requests]
              Run the API on http://127.0.0.1:N/api until Ctrl+C or SIGTERM (port 0 or absent: a free port).
          segnals-sandbox keys create --user NAME --scopes SCOPE[,SCOPE…] --label LABEL
                                      [--expires YYYY-MM-DD] [--rate-limit N] [--db PATH]
              Create an API key (creating the user when missing) and print it once on stdout.
              --scopes all grants every scope.
          segnals-sandbox --help

        Scopes: read:account, read:stats, read:bots, write:bots, control:bots, write:strategies,
                read:marketplace, write:marketplace, read:news, read:knowledge, manage:notifications
        Default database: <LocalApplicationData>/segnals-sandbox/sandbox.db
        """;

    /// <param name="extensions">What <c>serve</c> runs beside the API (segnals-sandbox passes the OAuth authorization server).</param>
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken ct, IReadOnlyList<ISandboxExtension>? extensions = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        try
        {
            if (args.Any(a => a is "--help" or "-h" or "help"))
            {
                await stdout.WriteLineAsync(Usage).ConfigureAwait(false);
                return ExitOk;
            }
            if (args.Length == 0 || args[0].StartsWith("--", StringComparison.Ordinal))
            {
                return await ServeAsync(Parse(args, 0, ServeOptions), extensions, stderr, ct).ConfigureAwait(false);
            }
            return args[0] switch
            {
                "serve" => await ServeAsync(Parse(args, 1, ServeOptions), extensions, stderr, ct).ConfigureAwait(false),
                "keys" when args.Length > 1 && args[1] == "create" => await CreateKeyAsync(Parse(args, 2, KeyOptions), stdout).ConfigureAwait(false),
                "keys" => throw new UsageException(args.Length > 1 ? $"unknown keys command '{args[1]}' (expected: keys create)" : "missing keys command (expected: keys create)"),
                _ => throw new UsageException($"unknown command '{args[0]}' (expected: serve, keys create, --help)"),
            };
        }
        catch (UsageException e)
        {
            await stderr.WriteLineAsync("segnals-sandbox: error: " + e.Message).ConfigureAwait(false);
            await stderr.WriteLineAsync("Run 'segnals-sandbox --help' for usage.").ConfigureAwait(false);
            return ExitUsage;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return ExitOk;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or Microsoft.Data.Sqlite.SqliteException)
        {
            await stderr.WriteLineAsync("segnals-sandbox: " + e.Message).ConfigureAwait(false);
            return ExitFailure;
        }
    }

    private static readonly HashSet<string> ServeOptions = ["--port", "--db", "--log-requests"];
    private static readonly HashSet<string> KeyOptions = ["--user", "--scopes", "--label", "--expires", "--rate-limit", "--db"];
    private static readonly HashSet<string> Flags = ["--log-requests"];

    private static async Task<int> ServeAsync(Dictionary<string, string> options, IReadOnlyList<ISandboxExtension>? extensions, TextWriter stderr, CancellationToken ct)
    {
        var sandboxOptions = new SandboxOptions
        {
            Port = options.TryGetValue("--port", out var port) ? ParseInt("--port", port, 0, 65535) : 0,
            DatabasePath = DatabasePath(options),
            LogRequests = options.ContainsKey("--log-requests"),
        };
        foreach (var extension in extensions ?? [])
        {
            sandboxOptions.Extensions.Add(extension);
        }
        await using var host = await SandboxHost.StartAsync(sandboxOptions, ct).ConfigureAwait(false);
        await stderr.WriteLineAsync(
            $"Segnals SANDBOX (simulated money: no real funds, exchanges or payments) listening on {host.BaseAddress} (database: {sandboxOptions.DatabasePath})").ConfigureAwait(false);
        foreach (var line in host.ExtensionLines)
        {
            await stderr.WriteLineAsync(line).ConfigureAwait(false);
        }
        await stderr.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            await Task.Delay(Timeout.Infinite, ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        return ExitOk;
    }

    private static async Task<int> CreateKeyAsync(Dictionary<string, string> options, TextWriter stdout)
    {
        var user = Required(options, "--user");
        var label = Required(options, "--label");
        var scopeText = Required(options, "--scopes");
        var scopes = scopeText.Trim() is "all" or "*"
            ? Scopes.All.ToList()
            : scopeText.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        if (scopes.Count == 0)
        {
            throw new UsageException("--scopes needs at least one scope");
        }
        foreach (var scope in scopes.Where(s => !Scopes.IsKnown(s)))
        {
            throw new UsageException($"--scopes: unknown scope '{scope}' (known: {string.Join(", ", Scopes.All)}, or 'all')");
        }
        if (user.Length > 64 || !user.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.'))
        {
            throw new UsageException("--user must be 1 to 64 letters, digits, '_', '-' or '.'");
        }
        if (label.Length > 100)
        {
            throw new UsageException("--label must be at most 100 characters");
        }
        var sandboxOptions = new SandboxOptions { DatabasePath = DatabasePath(options) };
        DateTimeOffset? expires = null;
        if (options.TryGetValue("--expires", out var expiresText))
        {
            if (!DateOnly.TryParseExact(expiresText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                throw new UsageException($"--expires must be a date as YYYY-MM-DD, not '{expiresText}'");
            }
            // Valid through the whole named day (UTC).
            expires = new DateTimeOffset(date.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            if (expires <= sandboxOptions.Time.GetUtcNow())
            {
                throw new UsageException($"--expires {expiresText} is in the past");
            }
        }
        int? rateLimit = options.TryGetValue("--rate-limit", out var rateText) ? ParseInt("--rate-limit", rateText, 1, 1_000_000_000) : null;

        using var store = SandboxHost.OpenStore(sandboxOptions);
        var key = store.Write(db => SandboxHost.CreateKey(db, sandboxOptions, user, scopes, label, expires, rateLimit));
        await stdout.WriteLineAsync(key).ConfigureAwait(false);
        await stdout.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        return ExitOk;
    }

    private static Dictionary<string, string> Parse(string[] args, int start, HashSet<string> allowed)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = start; i < args.Length; i++)
        {
            var arg = args[i];
            string name;
            string? value = null;
            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            if (arg.StartsWith("--", StringComparison.Ordinal) && equals > 0)
            {
                name = arg[..equals];
                value = arg[(equals + 1)..];
            }
            else
            {
                name = arg;
            }
            if (!allowed.Contains(name))
            {
                throw new UsageException(arg.StartsWith('-') ? $"unknown option '{name}'" : $"unexpected argument '{arg}'");
            }
            if (options.ContainsKey(name))
            {
                throw new UsageException($"option '{name}' given twice");
            }
            if (Flags.Contains(name))
            {
                if (value is not null)
                {
                    throw new UsageException($"option '{name}' takes no value");
                }
                options[name] = "true";
                continue;
            }
            if (value is null)
            {
                if (i + 1 >= args.Length || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    throw new UsageException($"option '{name}' needs a value");
                }
                value = args[++i];
            }
            options[name] = value;
        }
        return options;
    }

    private static string Required(Dictionary<string, string> options, string name) =>
        options.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : throw new UsageException($"missing required option '{name}'");

    private static string DatabasePath(Dictionary<string, string> options) =>
        options.TryGetValue("--db", out var path)
            ? (string.IsNullOrWhiteSpace(path) ? throw new UsageException("--db needs a file path") : path)
            : SandboxDataFolder.DefaultDatabasePath() ?? throw new UsageException("no data folder was found for the database (the platform's local data folder is not an absolute path); pass --db with the file to use");

    private static int ParseInt(string name, string text, int min, int max) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new UsageException($"{name} must be an integer from {min} to {max}, not '{text}'");

    private sealed class UsageException(string message) : Exception(message);
}
