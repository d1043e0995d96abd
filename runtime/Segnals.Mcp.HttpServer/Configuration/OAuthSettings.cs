using System.Text;

namespace Segnals.Mcp.HttpServer.Configuration;

/// <summary>
/// The hosted server as an OAuth 2.1 protected resource (SEGNALS_OAUTH_*): which authorization server's tokens it
/// accepts, who it is to that server (its public URL and its confidential client), and what else it lets in. Read by
/// <see cref="OAuthSettingsReader"/>; with --sandbox the embedded sandbox is the authorization server and fills these in.
/// </summary>
internal sealed record OAuthSettings
{
    /// <summary>SEGNALS_OAUTH_ISSUER: the authorization server's issuer identifier, compared exactly with its metadata and every token's iss.</summary>
    public required string Issuer { get; init; }

    /// <summary>
    /// SEGNALS_MCP_PUBLIC_URL: this server's origin as clients reach it (e.g. https://mcp.example.com); each path's
    /// resource is derived from it. Null only with the embedded sandbox, where it is the address the server listens on.
    /// </summary>
    public Uri? PublicUrl { get; init; }

    /// <summary>SEGNALS_OAUTH_CLIENT_ID: this server's confidential client at the authorization server (introspection, token exchange).</summary>
    public required string ClientId { get; init; }

    /// <summary>SEGNALS_OAUTH_CLIENT_SECRET. Null only with the embedded sandbox, which registers this server at start.</summary>
    public string? ClientSecret { get; init; }

    /// <summary>SEGNALS_OAUTH_ALLOW_API_KEYS: Segnals API keys are accepted as bearer tokens beside OAuth access tokens.</summary>
    public bool AllowApiKeys { get; init; }

    /// <summary>SEGNALS_OAUTH_ALLOW_NO_AUDIENCE: a token that names no audience is accepted on every path (audience binding is lost for it).</summary>
    public bool AllowMissingAudience { get; init; }

    /// <summary>
    /// SEGNALS_OAUTH_KEYS_REFRESH_SECONDS: how old the issuer's metadata and signing keys may grow before they are
    /// fetched again, and so how long a key the issuer stopped publishing is still trusted. A token signed with a key not
    /// seen yet makes them fetched at once (at most every <see cref="UnknownKeyRefreshGap"/>).
    /// </summary>
    public TimeSpan KeysRefresh { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The least time between two fetches caused by tokens signed with unknown keys: a flood of forged kids cannot make this server hammer the issuer.</summary>
    public static readonly TimeSpan UnknownKeyRefreshGap = TimeSpan.FromSeconds(1);

    // The client secret is never printed.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Issuer = ").Append(Issuer)
            .Append(", PublicUrl = ").Append(PublicUrl?.ToString() ?? "(the listening address)")
            .Append(", ClientId = ").Append(ClientId)
            .Append(", ClientSecret = ").Append(ClientSecret is null ? "(set at start)" : "(set)")
            .Append(", AllowApiKeys = ").Append(AllowApiKeys)
            .Append(", AllowMissingAudience = ").Append(AllowMissingAudience)
            .Append(", KeysRefresh = ").Append(KeysRefresh);
        return true;
    }
}
