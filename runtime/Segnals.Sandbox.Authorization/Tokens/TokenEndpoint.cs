using System.Security.Claims;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Segnals.Sandbox.Authorization.Tokens;

/// <summary>
/// The token endpoint, after OpenIddict has authenticated the client and validated the code (with its PKCE
/// verifier), refresh token or subject token. Codes and refresh tokens are re-issued for the same user and grant,
/// narrowed to a smaller resource or scope when the request asks; a used refresh token is refused by OpenIddict
/// (rotation with no reuse leeway). Token exchange goes to <see cref="TokenExchange"/>.
/// </summary>
internal static class TokenEndpoint
{
    public const string Path = "/oauth/token";

    public static async Task<IResult> HandleAsync(HttpContext http, SandboxAccounts accounts, DelegatedKeys delegatedKeys,
        IOpenIddictAuthorizationManager authorizations, AuthorizationServerOptions options)
    {
        var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("OpenIddict did not pass a token request.");
        if (request.IsClientCredentialsGrantType())
        {
            // The resource server's own identity, with no user and no API scope: it can prove who it is, nothing more.
            var identity = new ClaimsIdentity(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Name, Claims.Role);
            identity.SetClaim(Claims.Subject, request.ClientId);
            var service = new ClaimsPrincipal(identity);
            service.SetDestinations(_ => [Destinations.AccessToken]);
            return Results.SignIn(service, properties: null, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        }

        var validated = await http.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme).ConfigureAwait(false);
        if (validated.Principal is not { } principal)
        {
            return Refusal.Of(Errors.InvalidGrant, "The grant is not valid.");
        }
        if (request.IsTokenExchangeGrantType())
        {
            return await TokenExchange.ExchangeAsync(http, request, principal, accounts, delegatedKeys, authorizations, options).ConfigureAwait(false);
        }
        if (!request.IsAuthorizationCodeGrantType() && !request.IsRefreshTokenGrantType())
        {
            return Refusal.Of(Errors.UnsupportedGrantType, "This grant type is not supported here.");
        }

        if (principal.GetClaim(Claims.Subject) is not { } username || await accounts.FindUserAsync(username).ConfigureAwait(false) is null)
        {
            return Refusal.Of(Errors.InvalidGrant, "The user of this grant no longer exists.");
        }
        var resources = request.GetResources();
        if (!resources.IsDefaultOrEmpty)
        {
            if (resources.FirstOrDefault(r => !principal.HasResource(r)) is { } other)
            {
                return Refusal.Of(Errors.InvalidTarget, $"The grant does not cover the resource '{other}'.");
            }
            principal.SetResources(resources);
        }
        var scopes = request.GetScopes();
        if (!scopes.IsDefaultOrEmpty)
        {
            principal.SetScopes(principal.GetScopes().Intersect(scopes, StringComparer.Ordinal));
        }
        principal.SetDestinations(_ => [Destinations.AccessToken]);
        return Results.SignIn(principal, properties: null, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }
}
