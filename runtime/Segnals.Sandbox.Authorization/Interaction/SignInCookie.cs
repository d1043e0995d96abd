using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;

namespace Segnals.Sandbox.Authorization.Interaction;

/// <summary>The browser session of a signed-in sandbox user: a cookie scoped to /oauth, for one hour.</summary>
internal static class SignInCookie
{
    public const string Scheme = "SegnalsSandboxSignIn";

    public static void Configure(CookieAuthenticationOptions options)
    {
        options.Cookie.Name = "segnals_sandbox_signin";
        options.Cookie.Path = "/oauth";
        options.Cookie.HttpOnly = true;
        options.Cookie.SameSite = SameSiteMode.Lax;
        options.ExpireTimeSpan = TimeSpan.FromHours(1);
        options.SlidingExpiration = false;
    }

    public static async Task<string?> UsernameAsync(HttpContext http)
    {
        var result = await http.AuthenticateAsync(Scheme).ConfigureAwait(false);
        return result.Succeeded ? result.Principal.Identity?.Name : null;
    }

    public static Task SignInAsync(HttpContext http, SandboxUser user) =>
        http.SignInAsync(Scheme, new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, user.Username)], Scheme)));
}
