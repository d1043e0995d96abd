using System.Security.Claims;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Segnals.Sandbox.Authorization.Tokens;

/// <summary>
/// RFC 8693 token exchange for the resource server: a user's access token (already validated by OpenIddict, and
/// checked by <see cref="ResourceServerTokenPolicy"/> to be for a resource this client serves) becomes a short-lived
/// sandbox API key for that user with exactly the token's scopes. The MCP server then calls the API with that key and
/// never with the user's token (no token passthrough); the API needs no OAuth knowledge.
///
/// The answer is written here rather than by OpenIddict's sign-in: what is issued is not a token OpenIddict makes but
/// an API key, and the token endpoint's passthrough mode lets the endpoint answer the request itself.
/// </summary>
internal static class TokenExchange
{
    public static async Task<IResult> ExchangeAsync(HttpContext http, OpenIddictRequest request, ClaimsPrincipal subject,
        SandboxAccounts accounts, DelegatedKeys delegatedKeys, IOpenIddictAuthorizationManager authorizations, AuthorizationServerOptions options)
    {
        var ct = http.RequestAborted;
        if (!subject.HasTokenType(TokenTypeIdentifiers.AccessToken))
        {
            return Refusal.Of(Errors.InvalidRequest, "Only an access token can be exchanged (subject_token_type urn:ietf:params:oauth:token-type:access_token).");
        }
        var resources = request.GetResources();
        if (resources.Length != 1 || resources[0] != accounts.ApiBase.AbsoluteUri)
        {
            return Refusal.Of(Errors.InvalidTarget, $"Exchange for the sandbox API: resource must be {accounts.ApiBase.AbsoluteUri}.");
        }
        var authorizationId = subject.GetAuthorizationId();
        if (authorizationId is null || await authorizations.FindByIdAsync(authorizationId, ct).ConfigureAwait(false) is not { } authorization ||
            !await authorizations.HasStatusAsync(authorization, Statuses.Valid, ct).ConfigureAwait(false))
        {
            return Refusal.Of(Errors.InvalidGrant, "The subject token's grant is no longer valid.");
        }
        var username = subject.GetClaim(Claims.Subject);
        var user = username is null ? null : await accounts.FindUserAsync(username).ConfigureAwait(false);
        if (user is null)
        {
            return Refusal.Of(Errors.InvalidGrant, "The subject token's user does not exist in this sandbox.");
        }

        var scopes = subject.GetScopes();
        var requestedScopes = request.GetScopes();
        if (!requestedScopes.IsDefaultOrEmpty)
        {
            if (requestedScopes.FirstOrDefault(s => !scopes.Contains(s)) is { } extra)
            {
                return Refusal.Of(Errors.InvalidScope, $"The scope '{extra}' was not granted to the subject token.");
            }
            scopes = requestedScopes;
        }
        if (scopes.IsDefaultOrEmpty)
        {
            return Refusal.Of(Errors.InvalidScope, "The subject token carries no scope to delegate.");
        }

        var now = accounts.Time.GetUtcNow();
        var expiresAt = now + options.AccessTokenLifetime;
        if (subject.GetExpirationDate() is { } tokenExpiry && tokenExpiry < expiresAt)
        {
            expiresAt = tokenExpiry;
        }
        if (expiresAt <= now.AddSeconds(1))
        {
            return Refusal.Of(Errors.InvalidGrant, "The subject token expires too soon to be exchanged.");
        }

        var key = await delegatedKeys.MintAsync(user, scopes, expiresAt, authorizationId, request.ClientId!, ct).ConfigureAwait(false);
        // The grant may have been revoked while the key was being minted; the key must not outlive it.
        if (!await authorizations.HasStatusAsync(authorization, Statuses.Valid, ct).ConfigureAwait(false))
        {
            await delegatedKeys.RevokeForGrantAsync(authorizationId, ct).ConfigureAwait(false);
            return Refusal.Of(Errors.InvalidGrant, "The subject token's grant is no longer valid.");
        }

        http.Response.Headers.CacheControl = "no-store";
        http.Response.Headers.Pragma = "no-cache";
        return Results.Json(new JsonObject
        {
            ["access_token"] = key.Key,
            ["issued_token_type"] = TokenTypeIdentifiers.AccessToken,
            ["token_type"] = TokenTypes.Bearer,
            ["expires_in"] = (long)Math.Floor((expiresAt - now).TotalSeconds),
            ["scope"] = string.Join(' ', scopes),
        });
    }
}
