namespace Segnals.Sandbox.Authorization.Clients;

/// <summary>
/// Which redirect URIs a client may register, and how they are matched. Matching is exact, with the one exception
/// RFC 8252 §7.3 asks for: a native client's loopback redirect may come back on any port (the port is picked when
/// the client starts listening), as long as scheme, host and path are the same.
/// </summary>
internal static class RedirectUris
{
    public const int MaxPerClient = 10;

    /// <summary>Null when acceptable, else why not.</summary>
    public static string? Problem(string text)
    {
        if (text.Length > 2000 || !Uri.TryCreate(text, UriKind.Absolute, out var uri))
        {
            return $"'{Shorten(text)}' is not an absolute URI";
        }
        if (!string.IsNullOrEmpty(uri.Fragment))
        {
            return $"'{Shorten(text)}' has a fragment, which a redirect URI must not have";
        }
        if (uri.Scheme == Uri.UriSchemeHttps)
        {
            return null;
        }
        if (uri.Scheme == Uri.UriSchemeHttp)
        {
            return uri.IsLoopback ? null : $"'{Shorten(text)}' uses http on a host that is not loopback; use https (or http://127.0.0.1 for a native client)";
        }
        // A native app's private-use scheme must be a reverse domain name (RFC 8252 §7.1), e.g. com.example.app:/cb.
        return uri.Scheme.Contains('.', StringComparison.Ordinal) ? null : $"'{Shorten(text)}' uses the scheme '{uri.Scheme}'; use https, loopback http or a reverse-domain private scheme";
    }

    /// <summary>A client whose every redirect is loopback http or a private-use scheme is a native app.</summary>
    public static bool AllNative(IEnumerable<Uri> uris) => uris.All(u => u.Scheme != Uri.UriSchemeHttps && (u.Scheme != Uri.UriSchemeHttp || u.IsLoopback));

    /// <summary>
    /// What is stored for OpenIddict to match against: each URI as given, plus, for loopback http, the same URI
    /// without a port, which OpenIddict matches against any port for native applications.
    /// </summary>
    public static IEnumerable<Uri> ForMatching(IEnumerable<Uri> uris)
    {
        foreach (var uri in uris)
        {
            yield return uri;
            if (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback && !uri.IsDefaultPort)
            {
                yield return new UriBuilder(uri) { Port = -1 }.Uri;
            }
        }
    }

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..80] + "…";
}
