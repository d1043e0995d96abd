using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;

namespace Segnals.Sandbox.Authorization.Interaction;

/// <summary>
/// The sign-in form's target: checks the antiforgery token and the password, starts the browser session and goes
/// back to the authorization request that asked for it. A wrong password shows the form again, saying only that
/// the name or password is wrong.
/// </summary>
internal static class SignInEndpoints
{
    public const string Path = "/oauth/signin";

    /// <summary>What a person reads when a form's antiforgery check fails.</summary>
    public const string ExpiredForm = "This form has expired or did not come from this page. Go back to the application and start again.";

    public static async Task<IResult> PostAsync(HttpContext http, IAntiforgery antiforgery, UserPasswords passwords)
    {
        if (!await IsValidAsync(antiforgery, http).ConfigureAwait(false))
        {
            return Pages.Problem(StatusCodes.Status400BadRequest, ExpiredForm);
        }
        var form = await http.Request.ReadFormAsync(http.RequestAborted).ConfigureAwait(false);
        var returnUrl = form["return_url"].ToString();
        if (!AuthorizeEndpoint.IsReturnUrl(returnUrl))
        {
            return Pages.Problem(StatusCodes.Status400BadRequest, "The sign-in form has no valid authorization request to return to. Start again from the application.");
        }
        var username = form["username"].ToString().Trim();
        var password = form["password"].ToString();
        var user = username.Length is > 0 and <= 64 && password.Length is > 0 and <= 200
            ? await passwords.VerifyAsync(username, password, http.RequestAborted).ConfigureAwait(false)
            : null;
        if (user is null)
        {
            var tokens = antiforgery.GetAndStoreTokens(http);
            return Pages.SignIn(returnUrl, "The application", tokens.FormFieldName, tokens.RequestToken!, "The user name or password is wrong.", username);
        }
        await SignInCookie.SignInAsync(http, user).ConfigureAwait(false);
        return Results.Redirect(returnUrl, permanent: false, preserveMethod: false);
    }

    /// <summary>Antiforgery check of a posted form: false (never an exception) when it fails.</summary>
    public static async Task<bool> IsValidAsync(IAntiforgery antiforgery, HttpContext http)
    {
        try
        {
            await antiforgery.ValidateRequestAsync(http).ConfigureAwait(false);
            return true;
        }
        catch (AntiforgeryValidationException)
        {
            return false;
        }
    }
}
