using System.Security.Claims;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Segnals.Sandbox.Authorization.Interaction;

/// <summary>
/// The authorization endpoint, after OpenIddict has checked the request (client, exact redirect URI, S256 PKCE,
/// known scopes and resources): the user signs in, then sees the requested scopes in plain words and may untick
/// some; what stays ticked is what the grant, and every token from it, carries. The consent form posts the whole
/// authorization request back here, so OpenIddict checks it again before anything is issued.
/// </summary>
internal static class AuthorizeEndpoint
{
    public const string Path = "/oauth/authorize";
    public const string DecisionField = "decision";
    public const string ScopeChoiceField = "granted_scope";

    /// <summary>Form fields of ours that ride along with the authorization request's own parameters.</summary>
    private static readonly HashSet<string> OwnFields = new(StringComparer.Ordinal) { DecisionField, ScopeChoiceField, "__RequestVerificationToken" };

    public static async Task<IResult> HandleAsync(HttpContext http, IAntiforgery antiforgery, IOpenIddictApplicationManager applications,
        IOpenIddictAuthorizationManager authorizations, SandboxAccounts accounts, AuthorizationServerOptions options)
    {
        var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("OpenIddict did not pass an authorization request.");

        var resources = request.GetResources();
        if (resources.IsDefaultOrEmpty)
        {
            return Refusal.Of(Errors.InvalidTarget, "The resource parameter (RFC 8707) is required: name the MCP server URL the token is for.");
        }
        if (resources.FirstOrDefault(r => !options.Resources.Any(known => known.AbsoluteUri == r)) is { } unknown)
        {
            return Refusal.Of(Errors.InvalidTarget, $"The resource '{unknown}' is not served by this sandbox.");
        }

        var application = await applications.FindByClientIdAsync(request.ClientId!, http.RequestAborted).ConfigureAwait(false)
            ?? throw new InvalidOperationException("OpenIddict validated a client that does not exist.");
        var clientName = await applications.GetDisplayNameAsync(application, http.RequestAborted).ConfigureAwait(false) ?? request.ClientId!;

        var username = await SignInCookie.UsernameAsync(http).ConfigureAwait(false);
        var user = username is null ? null : await accounts.FindUserAsync(username).ConfigureAwait(false);
        if (user is null)
        {
            var tokens = antiforgery.GetAndStoreTokens(http);
            return Pages.SignIn(ReturnUrl(request), clientName, tokens.FormFieldName, tokens.RequestToken!, error: null, username: null);
        }

        var requested = request.GetScopes();
        var offered = SandboxAccounts.Scopes.Where(s => requested.IsDefaultOrEmpty || requested.Contains(s.Name)).ToArray();
        var decision = HttpMethods.IsPost(http.Request.Method) ? (string?)request[DecisionField] : null;
        if (decision is null)
        {
            return ConsentPage(http, antiforgery, request, clientName, user, offered, offered.Select(s => s.Name).ToHashSet(StringComparer.Ordinal), error: null);
        }
        if (!await SignInEndpoints.IsValidAsync(antiforgery, http).ConfigureAwait(false))
        {
            return Pages.Problem(StatusCodes.Status400BadRequest, SignInEndpoints.ExpiredForm);
        }
        if (decision != "allow")
        {
            return Refusal.Of(Errors.AccessDenied, "The user denied access.");
        }
        var chosen = ((StringValues)request[ScopeChoiceField]).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var granted = offered.Where(s => chosen.Contains(s.Name)).Select(s => s.Name).ToArray();
        if (granted.Length == 0)
        {
            return ConsentPage(http, antiforgery, request, clientName, user, offered, chosen, "Tick at least one permission to allow, or choose Deny.");
        }

        var principal = GrantPrincipal(user, granted, resources);
        var authorization = await authorizations.CreateAsync(principal, user.Username,
            (await applications.GetIdAsync(application, http.RequestAborted).ConfigureAwait(false))!, AuthorizationTypes.Permanent, [.. granted], http.RequestAborted).ConfigureAwait(false);
        principal.SetAuthorizationId(await authorizations.GetIdAsync(authorization, http.RequestAborted).ConfigureAwait(false));
        return Results.SignIn(principal, properties: null, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    /// <summary>The identity a grant is issued for: the sandbox user as sub, the granted scopes, the audience asked for.</summary>
    public static ClaimsPrincipal GrantPrincipal(SandboxUser user, IEnumerable<string> scopes, IEnumerable<string> resources)
    {
        var identity = new ClaimsIdentity(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, user.Username).SetClaim(Claims.Name, user.Username);
        var principal = new ClaimsPrincipal(identity);
        principal.SetScopes(scopes).SetResources(resources);
        principal.SetDestinations(_ => [Destinations.AccessToken]);
        return principal;
    }

    /// <summary>Whether a sign-in form may send the browser to this URL: only back to this endpoint.</summary>
    public static bool IsReturnUrl(string url) =>
        url.StartsWith(Path + "?", StringComparison.Ordinal) && !url.Contains('\\', StringComparison.Ordinal) && !url.Contains("//", StringComparison.Ordinal);

    private static IResult ConsentPage(HttpContext http, IAntiforgery antiforgery, OpenIddictRequest request, string clientName, SandboxUser user,
        IReadOnlyList<SandboxScope> offered, IReadOnlySet<string> chosen, string? error)
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        var redirect = Uri.TryCreate(request.RedirectUri, UriKind.Absolute, out var uri) ? uri.GetLeftPart(UriPartial.Path) : request.RedirectUri ?? "";
        var view = new ConsentView(clientName, user.Username, redirect, [.. request.GetResources()], offered, chosen, [.. RequestParameters(request)]);
        return Pages.Consent(view, tokens.FormFieldName, tokens.RequestToken!, error);
    }

    private static IEnumerable<(string Name, string Value)> RequestParameters(OpenIddictRequest request)
    {
        foreach (var (name, parameter) in request.GetParameters())
        {
            if (OwnFields.Contains(name))
            {
                continue;
            }
            foreach (var value in (StringValues)parameter)
            {
                if (value is not null)
                {
                    yield return (name, value);
                }
            }
        }
    }

    private static string ReturnUrl(OpenIddictRequest request) =>
        Path + QueryString.Create(RequestParameters(request).Select(p => new KeyValuePair<string, string?>(p.Name, p.Value))).ToUriComponent();
}
