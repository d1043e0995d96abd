using Segnals.Mcp.HttpServer.Configuration;

namespace Segnals.Mcp.HttpServer.OAuth;

/// <summary>
/// Who this server is to the authorization server: its public origin (each path's resource is derived from it) and
/// its confidential client. Known from configuration; with the embedded sandbox, only once the server listens (the
/// port may be picked at start) and the sandbox has registered it: then <see cref="Complete"/> is called before the
/// server says it serves.
/// </summary>
internal sealed class ResourceServerIdentity
{
    private Uri? _publicUrl;
    private string? _clientSecret;

    public ResourceServerIdentity(OAuthSettings settings)
    {
        ClientId = settings.ClientId;
        _publicUrl = settings.PublicUrl;
        _clientSecret = settings.ClientSecret;
    }

    public string ClientId { get; }

    /// <summary>e.g. https://mcp.example.com (no path).</summary>
    public Uri PublicUrl => Volatile.Read(ref _publicUrl) ?? throw new AuthorizationServerUnavailableException("This server is still starting: try again in a moment.");

    public string ClientSecret => Volatile.Read(ref _clientSecret) ?? throw new AuthorizationServerUnavailableException("This server is still starting: try again in a moment.");

    public bool IsComplete => Volatile.Read(ref _publicUrl) is not null && Volatile.Read(ref _clientSecret) is not null;

    /// <summary>Fills in what was not configured: the address the server listens on, the secret the sandbox issued.</summary>
    public void Complete(Uri publicUrl, string clientSecret)
    {
        Volatile.Write(ref _publicUrl, _publicUrl ?? publicUrl);
        Volatile.Write(ref _clientSecret, _clientSecret ?? clientSecret);
    }
}
