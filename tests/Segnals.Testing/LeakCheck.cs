namespace Segnals.Testing;

/// <summary>
/// Searches an output for an API key. Scripted backends use keys with a distinctive "CANARY" body; sandbox keys are
/// random, so each is searched for by its secret part (everything past the 12-character display prefix the API
/// itself may show).
/// </summary>
public static class LeakCheck
{
    private const int DisplayPrefixLength = 12;

    /// <summary>Null when <paramref name="text"/> holds no key; else a sentence saying what leaked into <paramref name="where"/>.</summary>
    public static string? Find(string text, IEnumerable<string> keys, string where)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Contains(CanaryKey.Marker, StringComparison.Ordinal))
        {
            return $"The canary key leaked into {where}.";
        }

        return keys.Where(key => key.Length > DisplayPrefixLength).Any(key => text.Contains(key[DisplayPrefixLength..], StringComparison.Ordinal))
            ? $"An API key (beyond its display prefix) leaked into {where}."
            : null;
    }
}
