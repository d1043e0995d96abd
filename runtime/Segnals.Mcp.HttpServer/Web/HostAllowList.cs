using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Segnals.Mcp.HttpServer.Web;

/// <summary>
/// The Host header values this server answers to. A page on another site that rebinds its own DNS name to
/// 127.0.0.1 reaches us with that name as Host; refusing unknown hosts stops it. Entries are host names or
/// addresses without port ("mcp.example.com", "*.example.com" for any subdomain, "[::1]"), matched as ASP.NET
/// Core's host filtering matches them; "*" allows any host (only behind a proxy that checks Host itself).
/// </summary>
internal sealed class HostAllowList
{
    public static readonly IReadOnlyList<string> Loopback = ["localhost", "127.0.0.1", "[::1]"];

    private readonly StringSegment[] _patterns;

    public HostAllowList(IReadOnlyList<string> patterns)
    {
        Patterns = patterns;
        _patterns = patterns.Select(pattern => new StringSegment(pattern)).ToArray();
    }

    public IReadOnlyList<string> Patterns { get; }

    public bool AllowsAny => Patterns.Contains("*");

    public bool Allows(HostString host) =>
        AllowsAny || (host.HasValue && HostString.MatchesAny(new StringSegment(host.Host), _patterns));

    /// <summary>A pattern an operator may write: a DNS name (optionally "*." first), an IPv4 address, a bracketed IPv6 address, or "*".</summary>
    public static bool IsValidPattern(string pattern) =>
        pattern == "*"
        || (pattern.StartsWith('[') && pattern.EndsWith(']') && System.Net.IPAddress.TryParse(pattern[1..^1], out _))
        || (pattern.Length <= 253 && (pattern.StartsWith("*.", StringComparison.Ordinal) ? pattern[2..] : pattern) is { Length: > 0 } name
            && name.All(character => char.IsAsciiLetterOrDigit(character) || character is '.' or '-') && !name.StartsWith('.') && !name.EndsWith('.'));

    public override string ToString() => string.Join(',', Patterns);
}
