using System.Text;

namespace Segnals.Mcp.Runtime.Http;

/// <summary>
/// Refuses request paths under a banned prefix. Paths are compared in a normal form (percent-decoding
/// repeated, backslashes as slashes, empty and "." segments dropped, ".." resolved, lower case), so
/// "/bots/1/%2e%2e/%2E%2E//Admin" is caught as "/admin".
/// </summary>
internal sealed class BannedPathGuard
{
    // Enough to undo double and triple encoding; a path still changing after this many rounds is refused outright.
    private const int MaxDecodeRounds = 5;

    private readonly string[] _prefixes;

    public BannedPathGuard(IEnumerable<string> bannedPrefixes)
    {
        _prefixes = bannedPrefixes
            .Where(prefix => !string.IsNullOrWhiteSpace(prefix))
            .Select(prefix => Normalise(prefix, keepTrailingSlash: true) ?? throw new ArgumentException(
                $"Banned path prefix '{prefix}' cannot be normalised.", nameof(bannedPrefixes)))
            .ToArray();
    }

    /// <summary>Returns the banned prefix <paramref name="pathAndQuery"/> falls under, or null when it may be called.</summary>
    public string? FindBannedPrefix(string pathAndQuery)
    {
        var path = StripQueryAndFragment(pathAndQuery);
        var normalised = Normalise(path, keepTrailingSlash: false);

        // A path that climbs above the API base or never settles is refused: it is never legitimate.
        if (normalised is null)
        {
            return "/..";
        }

        foreach (var prefix in _prefixes)
        {
            var prefixWithoutSlash = prefix.TrimEnd('/');
            if (normalised.StartsWith(prefix, StringComparison.Ordinal) ||
                (prefix.EndsWith('/') && normalised == prefixWithoutSlash))
            {
                return prefix;
            }
        }

        return null;
    }

    private static string StripQueryAndFragment(string pathAndQuery)
    {
        var end = pathAndQuery.IndexOfAny(['?', '#']);
        return end < 0 ? pathAndQuery : pathAndQuery[..end];
    }

    /// <summary>The normal form, or null when the path escapes the root or keeps decoding.</summary>
    internal static string? Normalise(string path, bool keepTrailingSlash)
    {
        var decoded = path;
        for (var round = 0; ; round++)
        {
            var next = Uri.UnescapeDataString(decoded);
            if (next == decoded)
            {
                break;
            }

            if (round == MaxDecodeRounds)
            {
                return null;
            }

            decoded = next;
        }

        var segments = new List<string>();
        foreach (var segment in decoded.Replace('\\', '/').Split('/'))
        {
            // Some servers drop ";params" from a segment ("/admin;x" serves "/admin"), so compare without them.
            var semicolon = segment.IndexOf(';');
            var trimmed = (semicolon < 0 ? segment : segment[..semicolon]).Trim();
            if (trimmed.Length == 0 || trimmed == ".")
            {
                continue;
            }

            if (trimmed == "..")
            {
                if (segments.Count == 0)
                {
                    return null;
                }

                segments.RemoveAt(segments.Count - 1);
                continue;
            }

            segments.Add(trimmed.ToLowerInvariant());
        }

        var normal = new StringBuilder("/").AppendJoin('/', segments);
        if (keepTrailingSlash && segments.Count > 0 && decoded.TrimEnd().EndsWith('/'))
        {
            normal.Append('/');
        }

        return normal.ToString();
    }
}
