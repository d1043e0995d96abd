namespace Segnals.Mcp.Runtime.Http;

/// <summary>
/// Joins request paths under the API base's own path: "https://segnals.com/api" + "/bots/1" is
/// "https://segnals.com/api/bots/1" (a plain <see cref="Uri"/> join would drop "/api").
/// </summary>
internal sealed class ApiAddress
{
    private readonly string _baseWithoutTrailingSlash;
    private readonly string _basePath;

    public ApiAddress(Uri baseAddress)
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
        if (!baseAddress.IsAbsoluteUri || (baseAddress.Scheme != Uri.UriSchemeHttps && baseAddress.Scheme != Uri.UriSchemeHttp))
        {
            throw new ArgumentException("The API base must be an absolute http or https address.", nameof(baseAddress));
        }

        // Query and fragment of the base are ignored: the API takes its parameters from each request.
        var left = baseAddress.GetLeftPart(UriPartial.Path);
        _baseWithoutTrailingSlash = left.TrimEnd('/');
        _basePath = new Uri(_baseWithoutTrailingSlash + "/").AbsolutePath;
        Authority = baseAddress.Authority;
    }

    /// <summary>Host and port (no user info), safe to show in messages.</summary>
    public string Authority { get; }

    /// <summary>The absolute address, or null when the path would leave the base (e.g. through "..").</summary>
    public Uri? Resolve(string pathAndQuery)
    {
        if (!pathAndQuery.StartsWith('/'))
        {
            throw new ArgumentException("A request path must start with '/'.", nameof(pathAndQuery));
        }

        var uri = new Uri(_baseWithoutTrailingSlash + pathAndQuery, UriKind.Absolute);

        // Uri compresses "/../" itself; a path that ends up outside the base would reach another service.
        return (uri.AbsolutePath + "/").StartsWith(_basePath, StringComparison.Ordinal) ? uri : null;
    }
}
