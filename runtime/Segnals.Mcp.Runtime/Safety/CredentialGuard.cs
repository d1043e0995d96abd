using System.Text;
using System.Text.Json;

namespace Segnals.Mcp.Runtime.Safety;

/// <summary>
/// Finds exchange credentials in a config object before it is sent: Segnals never needs them through
/// this server, and an agent that pastes a secret into a bot config must be stopped, not obeyed.
/// A key matches a banned name in any case and spelling (API_Secret, api-secret, apiSecret, apisecret),
/// and also when it ends in "_" + a banned name (bybit_api_secret). Keys that only contain a banned
/// word elsewhere (tokens_used, secret_sauce_level) are left alone.
/// </summary>
public sealed class CredentialGuard
{
    private readonly HashSet<string> _bannedSnakeNames;
    private readonly HashSet<string> _bannedCompactNames;

    /// <param name="bannedKeys">e.g. api_key, api_secret, secret, password, passphrase, private_key, mt5_password, token.</param>
    public CredentialGuard(IEnumerable<string> bannedKeys)
    {
        ArgumentNullException.ThrowIfNull(bannedKeys);
        var snakeNames = bannedKeys.Where(key => !string.IsNullOrWhiteSpace(key)).Select(ToSnakeCase).ToArray();
        _bannedSnakeNames = new HashSet<string>(snakeNames, StringComparer.Ordinal);
        _bannedCompactNames = new HashSet<string>(snakeNames.Select(name => name.Replace("_", "")), StringComparer.Ordinal);
    }

    /// <summary>
    /// Returns the JSON path of the first key that names a credential (e.g. "config.exchange.API_Secret",
    /// "config.accounts[1].password"), or null when the value is clean.
    /// </summary>
    public string? FindCredential(JsonElement value, string rootName) => Find(value, rootName);

    private string? Find(JsonElement value, string path)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in value.EnumerateObject())
                {
                    var propertyPath = path + "." + property.Name;
                    if (IsBanned(property.Name))
                    {
                        return propertyPath;
                    }

                    if (Find(property.Value, propertyPath) is { } nested)
                    {
                        return nested;
                    }
                }

                return null;

            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in value.EnumerateArray())
                {
                    if (Find(item, $"{path}[{index}]") is { } nested)
                    {
                        return nested;
                    }

                    index++;
                }

                return null;

            default:
                return null;
        }
    }

    private bool IsBanned(string key)
    {
        var snake = ToSnakeCase(key);
        if (_bannedSnakeNames.Contains(snake) || _bannedCompactNames.Contains(snake.Replace("_", "")))
        {
            return true;
        }

        // Check every "_"-boundary suffix: "bybit_api_secret" ends in "api_secret" and in "secret".
        for (var separator = snake.IndexOf('_'); separator >= 0; separator = snake.IndexOf('_', separator + 1))
        {
            if (_bannedSnakeNames.Contains(snake[(separator + 1)..]))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// "apiKey" and "APIKey" become "api_key"; '-', '.', and spaces count as '_'; runs of '_' collapse and
    /// the ends are trimmed, so "__Api--Secret " is "api_secret".
    /// </summary>
    internal static string ToSnakeCase(string key)
    {
        var builder = new StringBuilder(key.Length + 4);
        for (var i = 0; i < key.Length; i++)
        {
            var character = key[i];
            if (character is '-' or '.' or '_' || char.IsWhiteSpace(character))
            {
                AppendSeparator(builder);
                continue;
            }

            if (char.IsUpper(character) && i > 0)
            {
                var previous = key[i - 1];
                var nextIsLower = i + 1 < key.Length && char.IsLower(key[i + 1]);

                // A word starts at "aK" (apiKey), "1K" and at the last capital of an acronym ("APIKey": before 'K').
                if (char.IsLower(previous) || char.IsDigit(previous) || (char.IsUpper(previous) && nextIsLower))
                {
                    AppendSeparator(builder);
                }
            }

            builder.Append(char.ToLowerInvariant(character));
        }

        return builder.ToString().TrimEnd('_');
    }

    private static void AppendSeparator(StringBuilder builder)
    {
        if (builder.Length > 0 && builder[^1] != '_')
        {
            builder.Append('_');
        }
    }
}
