using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ModelContextProtocol.AspNetCore.Authentication;
using Segnals.Mcp.HttpServer.Callers;
using Segnals.Mcp.HttpServer.Configuration;
using Segnals.Mcp.HttpServer.Web;
using Segnals.Mcp.Runtime.Configuration;

namespace Segnals.Mcp.HttpServer.OAuth;

/// <summary>What an OAuth caller's token granted, for the scope step-up (<see cref="ScopeStepUp"/>).</summary>
internal sealed record OAuthGrantFeature(TokenGrant Grant, ProtectedPath Path);

/// <summary>
/// The hosted server as an OAuth protected resource, built on ModelContextProtocol.AspNetCore's MCP authentication
/// handler, which serves the RFC 9728 metadata documents (filled in per path by <see cref="ProtectedResourceMetadataEvents"/>).
/// What the SDK's handler lacks is added here: authenticating the bearer token (a JWT checked locally, an opaque token
/// introspected), binding it to the path's resource (its audience), exchanging it for the user's Segnals API key (no
/// token passthrough), and a challenge that also names the scopes, says why a token was refused, uses the configured
/// public URL rather than the request's host, and answers 503 when the token could not be checked. Segnals API keys are
/// accepted too only when the operator allows both.
/// </summary>
internal sealed class OAuthAuthenticationHandler(
    IOptionsMonitor<McpAuthenticationOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    OAuthSettings settings,
    ProtectedResources resources,
    JwtAccessTokens jwts,
    TokenIntrospection introspection,
    DelegatedCallers delegatedCallers,
    CallerCache keyCallers)
    : McpAuthenticationHandler(options, logger, encoder)
{
    public const string SchemeName = "SegnalsOAuth";

    private const string NotBearer = "The Authorization header must be 'Bearer ' followed by an access token.";

    private const string KeysRefused = "Segnals API keys are not accepted here: this server takes OAuth access tokens (your MCP client signs you in when it meets this answer).";

    private const string Revoked = "The Segnals API no longer accepts the key this access token was exchanged for: the grant was revoked or has ended; sign in again.";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (resources.For(Request.Path) is not { } path)
        {
            return AuthenticateResult.NoResult();
        }

        var token = BearerCredential.Read(Request, out var malformed);
        if (token is null)
        {
            return malformed ? Refuse(new TokenRefusedException(NotBearer)) : AuthenticateResult.NoResult();
        }

        if (token.StartsWith("sk_", StringComparison.Ordinal))
        {
            return !settings.AllowApiKeys ? Refuse(new TokenRefusedException(KeysRefused))
                : ApiKeyFormat.IsWellFormed(token) ? AuthenticatedCaller.Success(Context, keyCallers.For(token), SchemeName)
                : Refuse(new TokenRefusedException(KeyAuthenticationHandler.Malformed));
        }

        try
        {
            var hash = CredentialHash.Of(token);
            var grant = JwtAccessTokens.LooksLikeJwt(token)
                ? await jwts.ValidateAsync(token, hash, Context.RequestAborted)
                : await introspection.IntrospectAsync(token, hash, Context.RequestAborted);
            CheckAudience(grant, resources.ResourceOf(path));
            var caller = await delegatedCallers.ForAsync(token, hash, grant, Context.RequestAborted);
            if (caller.WasRejected)
            {
                throw new TokenRefusedException(Revoked);
            }

            Context.Features.Set(new OAuthGrantFeature(grant, path));
            return AuthenticatedCaller.Success(Context, caller, SchemeName);
        }
        catch (OAuthFailure failure)
        {
            return Refuse(failure);
        }
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var failure = (await HandleAuthenticateOnceSafeAsync()).Failure;
        if (failure is AuthorizationServerUnavailableException)
        {
            await BearerChallenge.WriteUnavailableAsync(Response, failure.Message);
            return;
        }

        // Only the protected paths require a caller, so a challenge always has one.
        var path = resources.For(Request.Path) ?? resources.Full;
        await BearerChallenge.WriteUnauthorizedAsync(Response, resources, path, failure?.Message);
    }

    private void CheckAudience(TokenGrant grant, string resource)
    {
        if (grant.Audiences.Count == 0)
        {
            if (!settings.AllowMissingAudience)
            {
                throw new TokenRefusedException($"The access token names no audience; this server accepts only tokens issued for {resource} (RFC 8707 resource).");
            }
        }
        else if (!grant.Audiences.Contains(resource, StringComparer.Ordinal))
        {
            throw new TokenRefusedException($"The access token was issued for another resource; on this path it must be issued for {resource} (RFC 8707 resource).");
        }
    }

    private static AuthenticateResult Refuse(OAuthFailure failure) => AuthenticateResult.Fail(failure);
}
