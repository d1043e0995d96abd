using System.Globalization;

namespace Segnals.Mcp.Runtime.Configuration;

/// <summary>
/// Reads <see cref="ServerSettings"/> from SEGNALS_* environment variables. Every problem is collected
/// as a sentence naming the variable and what it allows. No message repeats a value it was given:
/// a key pasted into the wrong variable must not end up in a log.
/// </summary>
public static class ServerSettingsReader
{
    public const string ApiKeyVariable = "SEGNALS_API_KEY";
    public const string ApiBaseVariable = "SEGNALS_API_BASE";
    public const string TimeoutVariable = "SEGNALS_TIMEOUT_MS";
    public const string MaxRetriesVariable = "SEGNALS_MAX_RETRIES";
    public const string RateLimitVariable = "SEGNALS_RATE_LIMIT_PER_MINUTE";
    public const string ConfirmationVariable = "SEGNALS_CONFIRMATION";
    public const string ConfirmationSecretVariable = "SEGNALS_CONFIRMATION_SECRET";
    public const string ConfirmationLifetimeVariable = "SEGNALS_CONFIRMATION_TTL_SECONDS";
    public const string ToolsListVariable = "SEGNALS_TOOLS_LIST";
    public const string ReadOnlyVariable = "SEGNALS_READ_ONLY";
    public const string ToolsetsVariable = "SEGNALS_TOOLSETS";
    public const string ToolsVariable = "SEGNALS_TOOLS";
    public const string ExcludeToolsVariable = "SEGNALS_EXCLUDE_TOOLS";

    /// <summary>The highest SEGNALS_RATE_LIMIT_PER_MINUTE: high enough for a load test, or an operator whose API enforces its own limits.</summary>
    public const int MaxRateLimitPerMinute = 1_000_000;

    /// <param name="getEnvironmentVariable">Reads one variable.</param>
    /// <param name="apiKeyRequired">False for the hosted server, whose callers each bring their own key: SEGNALS_API_KEY is then
    /// not read at all and <see cref="ServerSettings.ApiKey"/> is empty.</param>
    public static SettingsResult Read(Func<string, string?> getEnvironmentVariable, bool apiKeyRequired = true)
    {
        ArgumentNullException.ThrowIfNull(getEnvironmentVariable);

        var errors = new List<string>();
        var variables = new SettingValues(getEnvironmentVariable);
        var defaults = new ServerSettings { ApiKey = "" };

        var apiKey = apiKeyRequired ? ReadApiKey(variables, errors) : "";
        var settings = new ServerSettings
        {
            ApiKey = apiKey ?? "",
            ApiBase = ReadApiBase(variables, errors) ?? defaults.ApiBase,
            Timeout = TimeSpan.FromMilliseconds(ReadInteger(variables, TimeoutVariable, 100, 600_000, "milliseconds",
                (int)defaults.Timeout.TotalMilliseconds, errors)),
            MaxRetries = ReadInteger(variables, MaxRetriesVariable, 0, 10, "retries", defaults.MaxRetries, errors),
            RateLimitPerMinute = ReadInteger(variables, RateLimitVariable, 1, MaxRateLimitPerMinute, "calls per minute", defaults.RateLimitPerMinute, errors),
            Confirmation = ReadChoice<ConfirmationMode>(variables, ConfirmationVariable,
                "one of elicit, token or flag (or auto, the default: elicit where the client supports it, else token)", errors),
            ConfirmationSecret = ReadConfirmationSecret(variables, errors),
            ConfirmationLifetime = TimeSpan.FromSeconds(ReadInteger(variables, ConfirmationLifetimeVariable, 5, 3600, "seconds",
                (int)defaults.ConfirmationLifetime.TotalSeconds, errors)),
            Listing = ReadChoice<ToolListing>(variables, ToolsListVariable,
                "full (the default: every hint, closed input schemas, output schemas) or compact (the same tools in fewer bytes)", errors),
            ReadOnly = ReadBoolean(variables, ReadOnlyVariable, errors),
            Toolsets = ReadNameList(variables, ToolsetsVariable, "toolset", errors),
            Tools = ReadNameList(variables, ToolsVariable, "tool", errors),
            ExcludeTools = ReadNameList(variables, ExcludeToolsVariable, "tool", errors) ?? [],
        };

        return errors.Count == 0 ? new SettingsResult(settings, []) : new SettingsResult(null, errors);
    }

    private static string? ReadApiKey(SettingValues variables, List<string> errors)
    {
        var key = variables.Get(ApiKeyVariable);
        if (key is null)
        {
            errors.Add($"{ApiKeyVariable} is required: create a key at segnals.com → Settings → API Keys and set {ApiKeyVariable} to it, " +
                "or run `segnals-mcp --sandbox` to try the server without an account.");
            return null;
        }

        if (!ApiKeyFormat.IsWellFormed(key))
        {
            errors.Add($"{ApiKeyVariable} does not look like a Segnals API key (sk_live_… or sk_test_… followed by at least 16 letters, " +
                "digits, '_' or '-'); copy the whole key again from segnals.com → Settings → API Keys.");
            return null;
        }

        return key;
    }

    private static Uri? ReadApiBase(SettingValues variables, List<string> errors)
    {
        var text = variables.Get(ApiBaseVariable);
        if (text is null)
        {
            return null;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) ||
            !(uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback)) ||
            uri.UserInfo.Length > 0 || uri.Query.Length > 0 || uri.Fragment.Length > 0)
        {
            // Plain http would send the key in clear text, so it is allowed only to this machine (the sandbox).
            errors.Add($"{ApiBaseVariable} must be an https address without user name, query or fragment, such as " +
                $"{ServerSettings.DefaultApiBase} (http is allowed only for localhost).");
            return null;
        }

        return uri;
    }

    private static int ReadInteger(SettingValues variables, string name, int minimum, int maximum, string unit, int fallback, List<string> errors)
    {
        var text = variables.Get(name);
        if (text is null)
        {
            return fallback;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= minimum && value <= maximum)
        {
            return value;
        }

        errors.Add($"{name} must be a whole number of {unit} from {minimum} to {maximum} (default {fallback}).");
        return fallback;
    }

    /// <summary>An enum setting written as one of its member names, in any case; unset means the member
    /// numbered 0, which each such enum makes its default.</summary>
    private static T ReadChoice<T>(SettingValues variables, string name, string allowed, List<string> errors)
        where T : struct, Enum
    {
        var text = variables.Get(name);
        if (text is null)
        {
            return default;
        }

        if (TryParseChoice<T>(text, out var value))
        {
            return value;
        }

        errors.Add($"{name} must be {allowed}.");
        return default;
    }

    /// <summary>A member name of <typeparamref name="T"/> in any case (shared with the command line's options).</summary>
    public static bool TryParseChoice<T>(string? text, out T value)
        where T : struct, Enum
    {
        value = default;

        // Letters only: Enum.TryParse would also take "2" or "token,flag".
        return text is { Length: > 0 } && text.All(char.IsAsciiLetter) && Enum.TryParse(text, ignoreCase: true, out value);
    }

    private static byte[]? ReadConfirmationSecret(SettingValues variables, List<string> errors)
    {
        var text = variables.Get(ConfirmationSecretVariable);
        if (text is null)
        {
            return null;
        }

        if (SecretText.TryDecode(text, out var secret) && secret.Length >= SecretText.MinimumBytes)
        {
            return secret;
        }

        errors.Add($"{ConfirmationSecretVariable} must be at least {SecretText.MinimumBytes} random bytes written as hex " +
            $"({SecretText.MinimumBytes * 2}+ characters) or base64; generate one with `openssl rand -base64 32`.");
        return null;
    }

    private static bool ReadBoolean(SettingValues variables, string name, List<string> errors)
    {
        switch (variables.Get(name)?.ToLowerInvariant())
        {
            case null or "false" or "0":
                return false;
            case "true" or "1":
                return true;
            default:
                errors.Add($"{name} must be true, false, 1 or 0 (default false).");
                return false;
        }
    }

    private static IReadOnlyList<string>? ReadNameList(SettingValues variables, string name, string kind, List<string> errors)
    {
        var text = variables.Get(name);
        if (text is null)
        {
            return null;
        }

        var names = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (!names.All(IsName))
        {
            errors.Add($"{name} must be a comma-separated list of {kind} names made of letters, digits, '_' and '-'.");
            return null;
        }

        // An entry-less list (",") means the operator named nothing, so it is treated as unset.
        return names.Length == 0 ? null : names.Distinct(StringComparer.Ordinal).ToArray();
    }

    private static bool IsName(string name) => name.All(character => char.IsAsciiLetterOrDigit(character) || character is '_' or '-');

    /// <summary>Environment values with surrounding whitespace trimmed, blank meaning unset.</summary>
    private sealed class SettingValues(Func<string, string?> getEnvironmentVariable)
    {
        public string? Get(string name)
        {
            var value = getEnvironmentVariable(name)?.Trim();
            return string.IsNullOrEmpty(value) ? null : value;
        }
    }
}
