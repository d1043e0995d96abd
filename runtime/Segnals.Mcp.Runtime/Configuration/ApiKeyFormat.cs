using System.Text.RegularExpressions;

namespace Segnals.Mcp.Runtime.Configuration;

/// <summary>The shape of a Segnals API key, and the only way a key may ever be shown.</summary>
public static partial class ApiKeyFormat
{
    private const string LivePrefix = "sk_live_";
    private const string TestPrefix = "sk_test_";

    public static bool IsWellFormed(string key) => key is not null && WellFormedKey().IsMatch(key);

    /// <summary>The key's public prefix and an ellipsis ("sk_live_…"); never any of the secret part.</summary>
    public static string Redact(string key)
    {
        if (key is null)
        {
            return "…";
        }

        if (key.StartsWith(LivePrefix, StringComparison.Ordinal))
        {
            return LivePrefix + "…";
        }

        return key.StartsWith(TestPrefix, StringComparison.Ordinal) ? TestPrefix + "…" : "…";
    }

    // \z rather than $: '$' also matches before a final newline, which would accept "sk_live_…\n".
    [GeneratedRegex(@"\Ask_(live|test)_[A-Za-z0-9_-]{16,}\z", RegexOptions.CultureInvariant)]
    private static partial Regex WellFormedKey();
}
