namespace Segnals.Mcp.HttpServer.OAuth;

/// <summary>
/// What a valid access token grants, whether read from a JWT or from an introspection answer: whose it is, the scopes
/// the user consented to, the resources it was minted for, and until when.
/// </summary>
/// <param name="Subject">The user (sub), when the token names one.</param>
/// <param name="Audiences">The aud values; empty when the token names no audience.</param>
internal sealed record TokenGrant(string? Subject, IReadOnlySet<string> Scopes, IReadOnlyList<string> Audiences, DateTimeOffset ExpiresAt)
{
    /// <summary>Scopes from a space-separated "scope" claim (RFC 9068, RFC 7662) or a "scp" array.</summary>
    public static IReadOnlySet<string> ScopesFrom(string? scope, IEnumerable<string>? scp) =>
        (scope?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? []).Concat(scp ?? []).ToHashSet(StringComparer.Ordinal);
}
