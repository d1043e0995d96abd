using System.Text.Json;
using Microsoft.Extensions.Caching.Memory;
using Segnals.Mcp.HttpServer.Configuration;

namespace Segnals.Mcp.HttpServer.OAuth;

/// <summary>
/// Opaque access tokens, checked by asking the authorization server (RFC 7662 introspection, authenticated as this
/// server's client). Answers are cached under the token's SHA-256 in a bounded cache: an active token for at most
/// <see cref="ActiveLifetime"/> and never past its expiry, an inactive one for <see cref="InactiveLifetime"/>; so a
/// revoked token stops working within a minute, and a client repeating a dead token does not reach the server each time.
/// </summary>
internal sealed class TokenIntrospection(IssuerDiscovery issuer, AuthorizationServerChannel channel, ResourceServerIdentity identity, OAuthSettings settings, TimeProvider time)
    : IDisposable
{
    public static readonly TimeSpan ActiveLifetime = TimeSpan.FromSeconds(60);
    public static readonly TimeSpan InactiveLifetime = TimeSpan.FromSeconds(5);

    /// <summary>Answers kept at most; past it new tokens are introspected uncached until old entries are compacted away.</summary>
    public const int Capacity = 10_000;

    private const string Inactive = "The authorization server says this access token is not active (expired, revoked or unknown); sign in again.";

    private readonly MemoryCache _answers = new(new MemoryCacheOptions { SizeLimit = Capacity });
    private readonly SingleFlight<TokenGrant?> _flights = new();

    public async Task<TokenGrant> IntrospectAsync(string token, string tokenHash, CancellationToken cancellationToken)
    {
        if (!_answers.TryGetValue(tokenHash, out TokenGrant? grant))
        {
            grant = await _flights.RunAsync(tokenHash, () => AskAsync(token, tokenHash), cancellationToken).ConfigureAwait(false);
        }

        return grant is not null && grant.ExpiresAt > time.GetUtcNow() ? grant : throw new TokenRefusedException(Inactive);
    }

    public void Dispose() => _answers.Dispose();

    private async Task<TokenGrant?> AskAsync(string token, string tokenHash)
    {
        var document = await issuer.CurrentAsync(CancellationToken.None).ConfigureAwait(false);
        if (string.IsNullOrEmpty(document.Metadata.IntrospectionEndpoint))
        {
            throw new TokenRefusedException("This server accepts only JWT access tokens from its authorization server, which publishes no introspection endpoint for opaque ones.");
        }

        var answer = await channel.PostFormAsync(document.Metadata.IntrospectionEndpoint,
            [new("token", token), new("token_type_hint", "access_token")], identity, "introspection").ConfigureAwait(false);
        if (answer.Status != 200 || answer.Body is not { ValueKind: JsonValueKind.Object } body)
        {
            throw new AuthorizationServerUnavailableException(answer.Status is 401 or 403
                ? $"The authorization server refused this server's client credentials for introspection ({answer.Error()}); its operator must check {OAuthSettingsReader.ClientIdVariable} and {OAuthSettingsReader.ClientSecretVariable}."
                : $"The authorization server's introspection endpoint answered {answer.Error()}, so the token could not be checked; try again shortly.");
        }

        var now = time.GetUtcNow();
        var grant = Read(body, now);
        var lifetime = grant is null ? InactiveLifetime : Min(ActiveLifetime, grant.ExpiresAt - now);
        if (lifetime > TimeSpan.Zero)
        {
            _answers.Set(tokenHash, grant, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = lifetime });
        }

        return grant;
    }

    /// <summary>The grant of an active token from this server's issuer; null for anything else.</summary>
    private TokenGrant? Read(JsonElement body, DateTimeOffset now)
    {
        if (!body.TryGetProperty("active", out var active) || active.ValueKind != JsonValueKind.True)
        {
            return null;
        }

        if (String(body, "iss") is { } iss && !string.Equals(iss, settings.Issuer, StringComparison.Ordinal))
        {
            return null;
        }

        var expiresAt = body.TryGetProperty("exp", out var exp) && exp.TryGetInt64(out var seconds) ? DateTimeOffset.FromUnixTimeSeconds(seconds) : now + ActiveLifetime;
        if (body.TryGetProperty("nbf", out var nbf) && nbf.TryGetInt64(out var notBefore) && DateTimeOffset.FromUnixTimeSeconds(notBefore) > now + TimeSpan.FromSeconds(30))
        {
            return null;
        }

        var audiences = body.TryGetProperty("aud", out var aud)
            ? aud.ValueKind switch
            {
                JsonValueKind.String => [aud.GetString()!],
                JsonValueKind.Array => aud.EnumerateArray().Where(item => item.ValueKind == JsonValueKind.String).Select(item => item.GetString()!).ToList(),
                _ => [],
            }
            : (IReadOnlyList<string>)[];
        return new TokenGrant(String(body, "sub"), TokenGrant.ScopesFrom(String(body, "scope"), null), audiences, expiresAt);
    }

    private static string? String(JsonElement body, string name) =>
        body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static TimeSpan Min(TimeSpan first, TimeSpan second) => first < second ? first : second;
}
