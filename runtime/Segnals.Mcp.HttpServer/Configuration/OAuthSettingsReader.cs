using System.Globalization;

namespace Segnals.Mcp.HttpServer.Configuration;

/// <summary>
/// Reads <see cref="OAuthSettings"/> from the environment. OAuth is on when SEGNALS_OAUTH_ISSUER is set, or with
/// --sandbox (the sandbox is then the authorization server). Every problem is a sentence naming the variable; no value
/// is repeated back (a secret pasted into the wrong variable must not reach a log). A half-configured server does not
/// start: an OAuth variable without the issuer is an error, not something silently ignored.
/// </summary>
internal static class OAuthSettingsReader
{
    public const string IssuerVariable = "SEGNALS_OAUTH_ISSUER";
    public const string PublicUrlVariable = "SEGNALS_MCP_PUBLIC_URL";
    public const string ClientIdVariable = "SEGNALS_OAUTH_CLIENT_ID";
    public const string ClientSecretVariable = "SEGNALS_OAUTH_CLIENT_SECRET";
    public const string AllowApiKeysVariable = "SEGNALS_OAUTH_ALLOW_API_KEYS";
    public const string AllowNoAudienceVariable = "SEGNALS_OAUTH_ALLOW_NO_AUDIENCE";
    public const string KeysRefreshVariable = "SEGNALS_OAUTH_KEYS_REFRESH_SECONDS";

    /// <summary>The hosted server's client at the embedded sandbox's authorization server, registered there at every start.</summary>
    public const string SandboxClientId = "segnals-mcp-http";

    /// <returns>
    /// Null when OAuth is off. With <paramref name="sandbox"/>, settings whose <see cref="OAuthSettings.Issuer"/> is
    /// empty until the sandbox listens (its origin is the issuer) and whose secret the sandbox issues at start.
    /// </returns>
    public static OAuthSettings? Read(Func<string, string?> environment, bool sandbox, List<string> errors)
    {
        string? Value(string name) => environment(name)?.Trim() is { Length: > 0 } value ? value : null;

        var issuerText = Value(IssuerVariable);
        var clientId = Value(ClientIdVariable);
        var clientSecret = Value(ClientSecretVariable);
        if (sandbox)
        {
            foreach (var name in new[] { IssuerVariable, ClientIdVariable, ClientSecretVariable }.Where(name => Value(name) is not null))
            {
                errors.Add($"{name} cannot be combined with --sandbox: the sandbox is the authorization server and registers this server itself.");
            }
        }
        else if (issuerText is null)
        {
            var stray = new[] { PublicUrlVariable, ClientIdVariable, ClientSecretVariable, AllowApiKeysVariable, AllowNoAudienceVariable, KeysRefreshVariable }
                .Where(name => Value(name) is not null).ToList();
            if (stray.Count > 0)
            {
                errors.Add($"{string.Join(", ", stray)} {(stray.Count == 1 ? "is" : "are")} set but {IssuerVariable} is not: set {IssuerVariable} to the authorization server's issuer to turn OAuth on, or unset {(stray.Count == 1 ? "it" : "them")}.");
            }

            return null;
        }

        var issuer = sandbox ? string.Empty : ReadIssuer(issuerText!, errors);
        var publicUrl = ReadPublicUrl(Value(PublicUrlVariable), required: !sandbox, errors);
        if (!sandbox && clientId is null)
        {
            errors.Add($"{ClientIdVariable} is required with {IssuerVariable}: this server's client id at the authorization server, used to exchange each user's token for their API key (and to introspect opaque tokens).");
        }

        if (!sandbox && clientSecret is null)
        {
            errors.Add($"{ClientSecretVariable} is required with {IssuerVariable}: the secret of {ClientIdVariable} at the authorization server.");
        }

        return new OAuthSettings
        {
            Issuer = issuer,
            PublicUrl = publicUrl,
            ClientId = sandbox ? SandboxClientId : clientId ?? string.Empty,
            ClientSecret = sandbox ? null : clientSecret,
            // The sandbox keeps its own keys working (segnals-mcp sandbox keys create) beside the OAuth flow.
            AllowApiKeys = ReadBoolean(Value(AllowApiKeysVariable), AllowApiKeysVariable, sandbox, errors),
            AllowMissingAudience = ReadBoolean(Value(AllowNoAudienceVariable), AllowNoAudienceVariable, false, errors),
            KeysRefresh = ReadKeysRefresh(Value(KeysRefreshVariable), errors),
        };
    }

    private static string ReadIssuer(string text, List<string> errors)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || !IsSecureOrLoopback(uri) || uri.UserInfo.Length > 0 || uri.Query.Length > 0 || uri.Fragment.Length > 0)
        {
            errors.Add($"{IssuerVariable} must be the authorization server's issuer: an https URL without user name, query or fragment (http only for localhost), written exactly as its metadata's \"issuer\" states it.");
        }

        // Kept as written: RFC 8414 and RFC 9068 compare issuers as exact strings (a trailing slash matters).
        return text;
    }

    private static Uri? ReadPublicUrl(string? text, bool required, List<string> errors)
    {
        if (text is null)
        {
            if (required)
            {
                errors.Add($"{PublicUrlVariable} is required with {IssuerVariable}: this server's origin as clients reach it, e.g. https://mcp.example.com; each path's resource (and so every token's audience) is derived from it.");
            }

            return null;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || !IsSecureOrLoopback(uri) || uri.UserInfo.Length > 0 || uri.Query.Length > 0
            || uri.Fragment.Length > 0 || uri.AbsolutePath != "/")
        {
            errors.Add($"{PublicUrlVariable} must be an origin such as https://mcp.example.com: https (http only for localhost), with no path, query or fragment.");
            return null;
        }

        return new Uri(uri.GetLeftPart(UriPartial.Authority));
    }

    private static bool IsSecureOrLoopback(Uri uri) => uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback);

    private static bool ReadBoolean(string? text, string name, bool fallback, List<string> errors)
    {
        switch (text?.ToLowerInvariant())
        {
            case null:
                return fallback;
            case "true" or "1":
                return true;
            case "false" or "0":
                return false;
            default:
                errors.Add($"{name} must be true, false, 1 or 0.");
                return fallback;
        }
    }

    private static TimeSpan ReadKeysRefresh(string? text, List<string> errors)
    {
        if (text is null)
        {
            return TimeSpan.FromMinutes(5);
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds is >= 1 and <= 86_400)
        {
            return TimeSpan.FromSeconds(seconds);
        }

        errors.Add($"{KeysRefreshVariable} must be a whole number of seconds from 1 to 86400 (default 300).");
        return TimeSpan.FromMinutes(5);
    }
}
