using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using Segnals.Mcp.HttpServer.Configuration;

namespace Segnals.Mcp.HttpServer.OAuth;

/// <summary>The authorization server as its metadata described it when last fetched: endpoints and signing keys.</summary>
internal sealed record IssuerDocument(OpenIdConnectConfiguration Metadata, DateTimeOffset FetchedAt)
{
    public IReadOnlyList<SecurityKey> SigningKeys { get; } = [.. Metadata.SigningKeys];

    public bool Publishes(string keyId) => SigningKeys.Any(key => string.Equals(key.KeyId, keyId, StringComparison.Ordinal));
}

/// <summary>
/// Finds the authorization server's metadata (RFC 8414, falling back to OpenID Connect discovery) and its signing keys
/// (JWKS), with Microsoft.IdentityModel's retriever, and keeps them fresh:
/// <list type="bullet">
/// <item>older than <see cref="OAuthSettings.KeysRefresh"/>, they are fetched again, so a key the issuer stopped
/// publishing stops being trusted within that time;</item>
/// <item>a token signed with a key not published yet makes them fetched at once, and the token is checked against
/// the new keys (at most once every <see cref="OAuthSettings.UnknownKeyRefreshGap"/>);</item>
/// <item>when a fetch fails, the keys fetched before stay in use and the next request tries again; with none ever
/// fetched every token is refused with 503 (fail closed).</item>
/// </list>
/// Why not IdentityModel's ConfigurationManager: its refresh after an unknown key runs in the background, so the
/// request that brought the new key would fail; it refreshes at least every 5 minutes, so a removed key could not be
/// dropped sooner; and its "last known good" fallback would accept a removed key after a rotation.
/// </summary>
internal sealed partial class IssuerDiscovery
{
    private static readonly TimeSpan RetryAfterFailure = TimeSpan.FromSeconds(5);

    private readonly OAuthSettings _settings;
    private readonly HttpDocumentRetriever _retriever;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private IssuerDocument? _current;
    private Task<IssuerDocument>? _fetching;
    private DateTimeOffset _nextAttempt = DateTimeOffset.MinValue;
    private string? _lastFailure;

    public IssuerDiscovery(OAuthSettings settings, AuthorizationServerChannel channel, TimeProvider time, ILogger<IssuerDiscovery> logger)
    {
        _settings = settings;
        _time = time;
        _logger = logger;
        _retriever = new HttpDocumentRetriever(channel.Http) { RequireHttps = settings.Issuer.StartsWith("https:", StringComparison.OrdinalIgnoreCase) };
    }

    /// <summary>The metadata, fetched again when older than the refresh interval.</summary>
    public async Task<IssuerDocument> CurrentAsync(CancellationToken cancellationToken)
    {
        var current = Volatile.Read(ref _current);
        if (current is not null && _time.GetUtcNow() - current.FetchedAt < _settings.KeysRefresh)
        {
            return current;
        }

        return await RefreshAsync(current, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>After a token named a key <paramref name="seen"/> does not publish: the metadata fetched again now, unless that was done moments ago.</summary>
    public Task<IssuerDocument> AfterUnknownKeyAsync(IssuerDocument seen, CancellationToken cancellationToken) =>
        _time.GetUtcNow() - seen.FetchedAt < OAuthSettings.UnknownKeyRefreshGap ? Task.FromResult(Volatile.Read(ref _current) ?? seen) : RefreshAsync(seen, cancellationToken);

    private async Task<IssuerDocument> RefreshAsync(IssuerDocument? seen, CancellationToken cancellationToken)
    {
        Task<IssuerDocument> fetching;
        lock (_gate)
        {
            var current = _current;
            if (current is not null && current != seen)
            {
                return current;
            }

            if (_fetching is null)
            {
                if (current is not null && _time.GetUtcNow() < _nextAttempt)
                {
                    // A fetch failed moments ago: keep the keys fetched before rather than wait on a server that is down.
                    return current;
                }

                _fetching = FetchAsync();
            }

            fetching = _fetching;
        }

        try
        {
            return await fetching.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (AuthorizationServerUnavailableException) when (Volatile.Read(ref _current) is { } previous)
        {
            return previous;
        }
    }

    private async Task<IssuerDocument> FetchAsync()
    {
        try
        {
            var metadata = await FetchMetadataAsync().ConfigureAwait(false);
            var document = new IssuerDocument(metadata, _time.GetUtcNow());
            Volatile.Write(ref _current, document);
            if (_lastFailure is not null)
            {
                _lastFailure = null;
                Recovered(_logger, _settings.Issuer);
            }

            return document;
        }
        catch (AuthorizationServerUnavailableException exception)
        {
            _nextAttempt = _time.GetUtcNow() + RetryAfterFailure;
            if (_lastFailure != exception.Message)
            {
                _lastFailure = exception.Message;
                Unavailable(_logger, exception.Message);
            }

            throw;
        }
        finally
        {
            lock (_gate)
            {
                _fetching = null;
            }
        }
    }

    private async Task<OpenIdConnectConfiguration> FetchMetadataAsync()
    {
        Exception? failure = null;
        foreach (var address in MetadataAddresses(_settings.Issuer))
        {
            OpenIdConnectConfiguration metadata;
            try
            {
                metadata = await OpenIdConnectConfigurationRetriever.GetAsync(address, _retriever, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is IOException or HttpRequestException or TaskCanceledException or ArgumentException or InvalidOperationException or System.Text.Json.JsonException)
            {
                failure ??= exception;
                continue;
            }

            if (!string.Equals(metadata.Issuer, _settings.Issuer, StringComparison.Ordinal))
            {
                throw new AuthorizationServerUnavailableException(
                    $"The authorization server's metadata at {address} names the issuer '{metadata.Issuer}', not '{_settings.Issuer}'; the operator must set {OAuthSettingsReader.IssuerVariable} exactly as the metadata states it.");
            }

            return metadata;
        }

        throw new AuthorizationServerUnavailableException(
            $"The authorization server's metadata and signing keys could not be fetched from {MetadataAddresses(_settings.Issuer)[0]} ({failure?.GetType().Name ?? "no answer"}), so no token can be checked; try again shortly.",
            failure);
    }

    /// <summary>RFC 8414 §3: the well-known path goes between the host and the issuer's path; then OpenID Connect discovery's, appended to the issuer.</summary>
    public static IReadOnlyList<string> MetadataAddresses(string issuer)
    {
        var uri = new Uri(issuer);
        var path = uri.AbsolutePath.TrimEnd('/');
        var origin = uri.GetLeftPart(UriPartial.Authority);
        return [origin + "/.well-known/oauth-authorization-server" + path, origin + path + "/.well-known/openid-configuration"];
    }

    [LoggerMessage(EventId = 20, Level = LogLevel.Warning, Message = "{Reason}")]
    private static partial void Unavailable(ILogger logger, string reason);

    [LoggerMessage(EventId = 21, Level = LogLevel.Information, Message = "The authorization server {Issuer} answers again.")]
    private static partial void Recovered(ILogger logger, string issuer);
}
