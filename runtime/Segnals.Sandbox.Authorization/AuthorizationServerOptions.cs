namespace Segnals.Sandbox.Authorization;

/// <summary>How the sandbox's authorization server issues tokens and whom it issues them for.</summary>
public sealed class AuthorizationServerOptions
{
    /// <summary>The hosted MCP server's paths when it runs with its defaults (127.0.0.1:8080, /mcp and /mcp/readonly).</summary>
    public static readonly IReadOnlyList<Uri> DefaultResources =
    [
        new("http://127.0.0.1:8080/mcp"),
        new("http://127.0.0.1:8080/mcp/readonly"),
    ];

    /// <summary>
    /// The protected resources (RFC 8707) a client may ask a token for; the token's audience is the one it asked for.
    /// Any other resource is refused with invalid_target.
    /// </summary>
    public IList<Uri> Resources { get; } = [.. DefaultResources];

    /// <summary>Lifetime of an access token (and the longest a delegated API key lives).</summary>
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Lifetime of a refresh token; each use replaces it with a new one.</summary>
    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(14);

    /// <summary>
    /// Opaque (reference) access tokens instead of signed JWTs: a resource server then has to introspect them.
    /// </summary>
    public bool UseReferenceAccessTokens { get; set; }

    /// <summary>
    /// Accept Client ID Metadata Documents served over plain http from a loopback address (127.0.0.1, localhost,
    /// [::1]). Everything in the sandbox is loopback; a real authorization server would accept https only.
    /// </summary>
    public bool AllowLoopbackHttpClientMetadata { get; set; } = true;

    /// <summary>How long a fetched Client ID Metadata Document is reused before it is fetched again.</summary>
    public TimeSpan ClientMetadataCacheLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Reads SEGNALS_SANDBOX_OAUTH_RESOURCES (comma-separated URLs) and SEGNALS_SANDBOX_OAUTH_TOKENS (jwt | reference).</summary>
    public static AuthorizationServerOptions FromEnvironment(Func<string, string?> getVariable)
    {
        ArgumentNullException.ThrowIfNull(getVariable);
        var options = new AuthorizationServerOptions();
        if (getVariable("SEGNALS_SANDBOX_OAUTH_RESOURCES") is { Length: > 0 } resources)
        {
            options.Resources.Clear();
            foreach (var text in resources.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                options.Resources.Add(Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && string.IsNullOrEmpty(uri.Fragment)
                    ? uri
                    : throw new ArgumentException($"SEGNALS_SANDBOX_OAUTH_RESOURCES: '{text}' is not an absolute http(s) URL without a fragment."));
            }
        }
        options.UseReferenceAccessTokens = getVariable("SEGNALS_SANDBOX_OAUTH_TOKENS") switch
        {
            null or "" or "jwt" => false,
            "reference" => true,
            var other => throw new ArgumentException($"SEGNALS_SANDBOX_OAUTH_TOKENS must be 'jwt' or 'reference', not '{other}'."),
        };
        return options;
    }
}
