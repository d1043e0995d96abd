using System.Net;
using Microsoft.AspNetCore.WebUtilities;
using Segnals.Sandbox.Authorization.Tests.Infrastructure;
using Xunit;

namespace Segnals.Mcp.HttpServer.Tests.Infrastructure;

/// <summary>What the browser was sent back to the client with, and which scopes the consent page offered.</summary>
internal sealed record AuthorizationOutcome(Uri Callback, IReadOnlyList<string> Offered)
{
    public string Code => QueryHelpers.ParseQuery(Callback.Query)["code"].ToString();

    public string? State => QueryHelpers.ParseQuery(Callback.Query).TryGetValue("state", out var state) ? state.ToString() : null;

    public string? Issuer => QueryHelpers.ParseQuery(Callback.Query).TryGetValue("iss", out var iss) ? iss.ToString() : null;
}

/// <summary>
/// A user's browser at the sandbox's authorization server, driven over HTTP: it opens the authorization URL, signs in
/// on the sign-in page, leaves ticked on the consent page only the scopes the user keeps, allows, and reports where it
/// is sent (the client's redirect URI, with the code). Cookies are kept, no redirect is followed by itself.
/// </summary>
internal static class BrowserlessSignIn
{
    public static async Task<AuthorizationOutcome> AuthorizeAsync(Uri authorizationUrl, string username, string password, Func<string, bool>? keep = null)
    {
        using var browser = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() })
        {
            Timeout = TimeSpan.FromSeconds(30),
        };
        var signIn = HtmlForm.Parse(await PageAsync(browser, authorizationUrl));
        var afterSignIn = await SubmitAsync(browser, authorizationUrl, signIn, [new("username", username), new("password", password)]);
        var consentUrl = new Uri(authorizationUrl, afterSignIn);
        var consent = HtmlForm.Parse(await PageAsync(browser, consentUrl));
        var offered = consent.Checkboxes().Select(box => box.Value).ToList();
        var granted = offered.Where(scope => keep?.Invoke(scope) ?? true).Select(scope => new KeyValuePair<string, string>("granted_scope", scope));
        var callback = await SubmitAsync(browser, consentUrl, consent, [.. granted, new("decision", "allow")]);
        return new AuthorizationOutcome(new Uri(consentUrl, callback), offered);
    }

    private static async Task<string> PageAsync(HttpClient browser, Uri url)
    {
        using var response = await browser.GetAsync(url);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url.AbsolutePath}: {(int)response.StatusCode} {html}");
        return html;
    }

    /// <returns>Where the answer redirects the browser.</returns>
    private static async Task<Uri> SubmitAsync(HttpClient browser, Uri page, HtmlForm form, IEnumerable<KeyValuePair<string, string>> fields)
    {
        using var response = await browser.PostAsync(new Uri(page, form.Action), new FormUrlEncodedContent(form.Hidden().Concat(fields)));
        Assert.True(response.StatusCode is HttpStatusCode.Found or HttpStatusCode.SeeOther,
            $"POST {form.Action}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return response.Headers.Location!;
    }
}
