namespace Segnals.Mcp.Runtime.Http;

/// <summary>
/// The API base as the HTTP client's base address, and the check that a request stays under it:
/// "https://segnals.com/api" + "/bots/1" is "https://segnals.com/api/bots/1", and nothing that leaves
/// "/api" (through "..", another host or another scheme) is ever sent.
/// </summary>
internal sealed class ApiAddress
{
    private readonly string _basePath;

    /// <summary>Scheme, host and port of the base: the start of every request's original text.</summary>
    private readonly string _origin;

    public ApiAddress(Uri baseAddress)
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
        if (!baseAddress.IsAbsoluteUri || (baseAddress.Scheme != Uri.UriSchemeHttps && baseAddress.Scheme != Uri.UriSchemeHttp))
        {
            throw new ArgumentException("The API base must be an absolute http or https address.", nameof(baseAddress));
        }

        // Query and fragment of the base are ignored: the API takes its parameters from each request.
        BaseAddress = new Uri(baseAddress.GetLeftPart(UriPartial.Path).TrimEnd('/'));
        _basePath = BaseAddress.AbsolutePath.TrimEnd('/') + "/";
        _origin = BaseAddress.GetLeftPart(UriPartial.Authority);
        Authority = baseAddress.Authority;
    }

    /// <summary>The base without query, fragment or trailing slash: what the HTTP client resolves request paths under.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Host and port (no user info), safe to show in messages.</summary>
    public string Authority { get; }

    /// <summary>
    /// The request's path and query relative to the base (each starting with '/', still escaped) as it will be
    /// sent, and as it was written before <see cref="Uri"/> resolved its "." and ".." segments (which can hide a
    /// path that climbed out of the base and back); null when the request would leave the base: another scheme
    /// or host, or a path outside it, would reach another service.
    /// </summary>
    public (string Sent, string Written)? RelativePathAndQuery(Uri requestUri)
    {
        ArgumentNullException.ThrowIfNull(requestUri);
        if (!requestUri.IsAbsoluteUri ||
            requestUri.Scheme != BaseAddress.Scheme ||
            !string.Equals(requestUri.Authority, BaseAddress.Authority, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var sent = UnderBase(requestUri.AbsolutePath + requestUri.Query);
        if (sent is null)
        {
            return null;
        }

        // HttpClient keeps the text it resolved against the base as the original string.
        var original = requestUri.OriginalString;
        var written = original.StartsWith(_origin, StringComparison.OrdinalIgnoreCase) ? UnderBase(original.Substring(_origin.Length)) : sent;
        return written is null ? null : (sent, written);
    }

    private string? UnderBase(string pathAndQuery)
    {
        var end = pathAndQuery.IndexOfAny(['?', '#']);
        var path = end < 0 ? pathAndQuery : pathAndQuery[..end];
        return (path + "/").StartsWith(_basePath, StringComparison.Ordinal)
            ? "/" + pathAndQuery.Substring(Math.Min(path.Length, _basePath.Length))
            : null;
    }
}
