using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Caching.Memory;
using Segnals.Mcp.HttpServer.Configuration;
using Segnals.Mcp.Runtime.Callers;
using Segnals.Mcp.Runtime.Configuration;

namespace Segnals.Mcp.HttpServer.OAuth;

/// <summary>
/// No token passthrough: a user's access token is for this server and never goes to the Segnals API. For each token,
/// this server (a confidential client of the authorization server) exchanges it (RFC 8693) for a Segnals API key of
/// that user, holding the scopes they granted and expiring with the token, and the request's caller is made from that
/// key. Callers are cached under the token's SHA-256 until shortly before the key expires (bounded); the label in logs
/// and the rate-limit budget follow the user (issuer and subject), not the short-lived key.
/// </summary>
internal sealed class DelegatedCallers(
    IssuerDiscovery issuer, AuthorizationServerChannel channel, ResourceServerIdentity identity, OAuthSettings settings, Uri apiBase, ApiCallers callers, TimeProvider time)
    : IDisposable
{
    /// <summary>A key is not handed to a request that may still be running when it expires.</summary>
    public static readonly TimeSpan ExpiryMargin = TimeSpan.FromSeconds(30);

    public const int Capacity = 10_000;

    private const string AccessTokenType = "urn:ietf:params:oauth:token-type:access_token";

    private readonly MemoryCache _callers = new(new MemoryCacheOptions { SizeLimit = Capacity });
    private readonly SingleFlight<ApiCaller> _flights = new();

    public async Task<ApiCaller> ForAsync(string token, string tokenHash, TokenGrant grant, CancellationToken cancellationToken)
    {
        if (_callers.TryGetValue(tokenHash, out ApiCaller? caller) && caller is not null)
        {
            return caller;
        }

        return await _flights.RunAsync(tokenHash, () => ExchangeAsync(token, tokenHash, grant), cancellationToken).ConfigureAwait(false);
    }

    public void Dispose() => _callers.Dispose();

    private async Task<ApiCaller> ExchangeAsync(string token, string tokenHash, TokenGrant grant)
    {
        var document = await issuer.CurrentAsync(CancellationToken.None).ConfigureAwait(false);
        if (string.IsNullOrEmpty(document.Metadata.TokenEndpoint))
        {
            throw new AuthorizationServerUnavailableException("The authorization server publishes no token endpoint, so this server cannot obtain your Segnals API key; its operator must use an authorization server that supports token exchange (RFC 8693).");
        }

        var answer = await channel.PostFormAsync(document.Metadata.TokenEndpoint,
        [
            new("grant_type", "urn:ietf:params:oauth:grant-type:token-exchange"),
            new("subject_token", token),
            new("subject_token_type", AccessTokenType),
            new("resource", apiBase.AbsoluteUri),
        ], identity, "token").ConfigureAwait(false);

        if (answer.Status is 400 && answer.String("error") is "invalid_grant" or "invalid_target" or "invalid_scope" or "invalid_request")
        {
            throw new TokenRefusedException($"The authorization server would not exchange this access token for your Segnals API key ({answer.Error()}); sign in again.");
        }

        if (answer.Status != 200)
        {
            throw new AuthorizationServerUnavailableException(answer.Status is 401 or 403 || answer.String("error") is "invalid_client" or "unauthorized_client"
                ? $"The authorization server refused this server's token exchange ({answer.Error()}); its operator must check {OAuthSettingsReader.ClientIdVariable}, {OAuthSettingsReader.ClientSecretVariable} and that this client may exchange tokens."
                : $"The authorization server's token endpoint answered {answer.Error()} to the token exchange; try again shortly.");
        }

        var key = answer.String("access_token");
        if (key is null || !ApiKeyFormat.IsWellFormed(key))
        {
            throw new AuthorizationServerUnavailableException("The authorization server's token exchange did not answer with a Segnals API key (sk_live_… or sk_test_…); its operator must configure it to issue one for the Segnals API.");
        }

        var now = time.GetUtcNow();
        var expiresAt = grant.ExpiresAt;
        if (answer.Body is { } body && body.TryGetProperty("expires_in", out var expiresIn) && expiresIn.ValueKind == JsonValueKind.Number
            && expiresIn.TryGetInt64(out var seconds) && now.AddSeconds(seconds) < expiresAt)
        {
            expiresAt = now.AddSeconds(seconds);
        }

        // The key holds at most what the user granted, whatever the exchange says.
        var scopes = answer.String("scope") is { } granted ? TokenGrant.ScopesFrom(granted, null).Where(grant.Scopes.Contains) : grant.Scopes;
        var caller = callers.ForDelegatedKey(key, UserLabel(grant.Subject) ?? ApiCallers.IdOf(key), scopes);
        var keep = expiresAt - ExpiryMargin - now;
        if (keep > TimeSpan.Zero)
        {
            _callers.Set(tokenHash, caller, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = keep });
        }

        return caller;
    }

    /// <summary>"user-" and 64 bits of the SHA-256 of issuer and subject: one label per user, from which neither can be read back.</summary>
    private string? UserLabel(string? subject) =>
        subject is null ? null : "user-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(settings.Issuer + "\n" + subject)))[..16];
}
