using System.Globalization;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Segnals.Mcp.HttpServer.Configuration;

namespace Segnals.Mcp.HttpServer.OAuth;

/// <summary>
/// JWT access tokens (RFC 9068) checked here, with Microsoft.IdentityModel, against the issuer's published keys: the
/// signature (asymmetric algorithms only), the issuer, expiry and not-before (30 s of clock skew). The audience is
/// checked per path by the caller of this class, since it depends on where the token was sent. The "typ" header is not
/// required to be at+jwt (many authorization servers write "JWT"): an ID token cannot pass anyway, as its audience is a
/// client id, never this server's resource.
/// A token that passed is remembered under its SHA-256 (bounded, at most <see cref="RememberFor"/>), so the same
/// token on the next request costs no signature check; expiry is still checked on every request, and so is that the
/// issuer still publishes the key that signed it (a retired key stops the token as soon as the keys are fetched again).
/// </summary>
internal sealed class JwtAccessTokens(IssuerDiscovery issuer, OAuthSettings settings, TimeProvider time) : IDisposable
{
    public static readonly TimeSpan RememberFor = TimeSpan.FromSeconds(60);

    public const int Capacity = 10_000;

    private static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(30);

    private static readonly JsonWebTokenHandler Handler = new() { MapInboundClaims = false };

    private readonly MemoryCache _passed = new(new MemoryCacheOptions { SizeLimit = Capacity });

    private static readonly string[] AsymmetricAlgorithms =
    [
        SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512,
        SecurityAlgorithms.RsaSsaPssSha256, SecurityAlgorithms.RsaSsaPssSha384, SecurityAlgorithms.RsaSsaPssSha512,
        SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.EcdsaSha384, SecurityAlgorithms.EcdsaSha512,
    ];

    /// <summary>A signed JWT's shape (three dot-separated parts); anything else is an opaque token to introspect.</summary>
    public static bool LooksLikeJwt(string token) => token.AsSpan().Count('.') == 2 && Handler.CanReadToken(token);

    public async Task<TokenGrant> ValidateAsync(string token, string tokenHash, CancellationToken cancellationToken)
    {
        if (_passed.TryGetValue(tokenHash, out Passed? passed) && passed is not null)
        {
            var current = await issuer.CurrentAsync(cancellationToken).ConfigureAwait(false);
            if (time.GetUtcNow() < passed.Grant.ExpiresAt + ClockSkew && (passed.KeyId is null || current.Publishes(passed.KeyId)))
            {
                return passed.Grant;
            }

            _passed.Remove(tokenHash);
        }

        var grant = await CheckAsync(token, cancellationToken).ConfigureAwait(false);
        var keep = grant.Grant.ExpiresAt - time.GetUtcNow();
        _passed.Set(tokenHash, grant, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = keep < RememberFor ? (keep > TimeSpan.Zero ? keep : TimeSpan.FromMilliseconds(1)) : RememberFor });
        return grant.Grant;
    }

    public void Dispose() => _passed.Dispose();

    private async Task<Passed> CheckAsync(string token, CancellationToken cancellationToken)
    {
        JsonWebToken jwt;
        try
        {
            jwt = Handler.ReadJsonWebToken(token);
        }
        catch (ArgumentException)
        {
            throw new TokenRefusedException("The access token is not a well-formed JWT.");
        }

        var document = await issuer.CurrentAsync(cancellationToken).ConfigureAwait(false);
        if (!string.IsNullOrEmpty(jwt.Kid) && !document.Publishes(jwt.Kid))
        {
            document = await issuer.AfterUnknownKeyAsync(document, cancellationToken).ConfigureAwait(false);
        }

        var result = await Handler.ValidateTokenAsync(jwt, new TokenValidationParameters
        {
            ValidIssuer = settings.Issuer,
            IssuerSigningKeys = document.SigningKeys,
            ValidAlgorithms = AsymmetricAlgorithms,
            ValidateAudience = false,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ClockSkew = ClockSkew,
        }).ConfigureAwait(false);
        if (!result.IsValid)
        {
            throw new TokenRefusedException(Describe(result.Exception, jwt));
        }

        jwt.TryGetPayloadValue<string>("scope", out var scope);
        jwt.TryGetPayloadValue<string[]>("scp", out var scp);
        return new Passed(new TokenGrant(
            string.IsNullOrEmpty(jwt.Subject) ? null : jwt.Subject,
            TokenGrant.ScopesFrom(scope, scp),
            [.. jwt.Audiences],
            new DateTimeOffset(jwt.ValidTo, TimeSpan.Zero)), string.IsNullOrEmpty(jwt.Kid) ? null : jwt.Kid);
    }

    private static string Describe(Exception? failure, JsonWebToken jwt) => failure switch
    {
        SecurityTokenExpiredException => $"The access token expired at {Time(jwt.ValidTo)}; get a new one (refresh, or sign in again).",
        SecurityTokenNotYetValidException => $"The access token is not valid before {Time(jwt.ValidFrom)}.",
        SecurityTokenNoExpirationException => "The access token has no expiry (exp), which this server requires.",
        SecurityTokenInvalidIssuerException => "The access token was issued by another authorization server than the one this server trusts.",
        SecurityTokenSignatureKeyNotFoundException => "The access token is signed with a key the authorization server does not publish (an old or unknown key).",
        SecurityTokenInvalidSignatureException => "The access token's signature does not verify against the authorization server's published keys.",
        SecurityTokenInvalidAlgorithmException => "The access token is signed with an algorithm this server does not accept (asymmetric RS, PS or ES algorithms only).",
        _ => "The access token is not valid.",
    };

    private sealed record Passed(TokenGrant Grant, string? KeyId);

    private static string Time(DateTime utc) => utc.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
}
