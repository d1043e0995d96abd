namespace Segnals.Mcp.HttpServer.Web;

/// <summary>
/// The browser origins this server serves (and answers CORS for). A request without an Origin header comes
/// from a program, not a web page, and is not affected. Entries are origins ("https://chat.example.com",
/// "http://localhost:6274"); ":*" in place of a port allows any port of that host.
/// </summary>
internal sealed class OriginAllowList
{
    public static readonly IReadOnlyList<string> Loopback =
    [
        "http://localhost:*", "http://127.0.0.1:*", "http://[::1]:*",
        "https://localhost:*", "https://127.0.0.1:*", "https://[::1]:*",
    ];

    private readonly Entry[] _entries;

    private OriginAllowList(IReadOnlyList<string> patterns, Entry[] entries)
    {
        Patterns = patterns;
        _entries = entries;
    }

    public IReadOnlyList<string> Patterns { get; }

    /// <summary>The list, or null when a pattern is not an origin (<paramref name="problem"/> names it).</summary>
    public static OriginAllowList? TryCreate(IReadOnlyList<string> patterns, out string? problem)
    {
        var entries = new List<Entry>();
        foreach (var pattern in patterns)
        {
            var anyPort = pattern.EndsWith(":*", StringComparison.Ordinal);
            var text = anyPort ? pattern[..^2] : pattern;
            if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")
                || uri.PathAndQuery != "/" || text.EndsWith('/') || uri.UserInfo.Length > 0 || uri.Fragment.Length > 0
                || (anyPort && !uri.IsDefaultPort))
            {
                problem = $"'{pattern}' is not an origin: write scheme://host or scheme://host:port (e.g. https://chat.example.com), or scheme://host:* for any port";
                return null;
            }

            entries.Add(new Entry(uri.Scheme, uri.IdnHost, anyPort ? null : uri.Port));
        }

        problem = null;
        return new OriginAllowList(patterns, entries.ToArray());
    }

    public bool Allows(string origin)
    {
        // "null" (sandboxed frames, file: pages) and anything that is not an http(s) origin are refused.
        if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.PathAndQuery != "/")
        {
            return false;
        }

        foreach (var entry in _entries)
        {
            if (entry.Scheme == uri.Scheme && string.Equals(entry.Host, uri.IdnHost, StringComparison.OrdinalIgnoreCase) && (entry.Port is null || entry.Port == uri.Port))
            {
                return true;
            }
        }

        return false;
    }

    public override string ToString() => string.Join(',', Patterns);

    private sealed record Entry(string Scheme, string Host, int? Port);
}
