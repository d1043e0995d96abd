using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Http;

namespace Segnals.Sandbox.Authorization.Interaction;

/// <summary>
/// The server-rendered sign-in and consent pages: plain HTML forms that work without JavaScript, with labels,
/// a fieldset per choice and error messages announced to screen readers. Every value is HTML-encoded.
/// </summary>
internal static class Pages
{
    private const string Style =
        """
        body{font:16px/1.5 system-ui,sans-serif;margin:0;background:#f5f6f8;color:#1b1f24}
        main{max-width:34rem;margin:2rem auto;background:#fff;padding:1.5rem 2rem;border-radius:8px;box-shadow:0 1px 3px #0002}
        h1{font-size:1.4rem;margin-top:0}.note{color:#4a5360;font-size:.9rem}
        label{display:block;margin:.75rem 0 .25rem;font-weight:600}
        input[type=text],input[type=password]{width:100%;padding:.5rem;font-size:1rem;box-sizing:border-box;border:1px solid #8a939f;border-radius:4px}
        fieldset{border:1px solid #c8cdd3;border-radius:6px;margin:1rem 0;padding:.5rem 1rem}
        legend{font-weight:600;padding:0 .25rem}
        .scope{display:flex;gap:.6rem;align-items:flex-start;margin:.6rem 0}.scope label{margin:0;font-weight:400}
        .scope input{flex:none;margin-top:.35rem;width:1.1rem;height:1.1rem}.scope code{font-weight:600}
        .actions{display:flex;gap:.75rem;margin-top:1.25rem}
        button{font-size:1rem;padding:.55rem 1.2rem;border-radius:4px;border:1px solid #1f4fd1;cursor:pointer}
        button.primary{background:#1f4fd1;color:#fff}button.secondary{background:#fff;color:#1f4fd1}
        button:focus-visible,input:focus-visible{outline:3px solid #f0a400;outline-offset:2px}
        .error{background:#fdecea;border:1px solid #c62828;color:#8e1c1c;padding:.5rem .75rem;border-radius:4px}
        .sandbox{background:#fff4d6;border:1px solid #d9a400;padding:.4rem .75rem;border-radius:4px;font-size:.9rem}
        """;

    public static IResult SignIn(string returnUrl, string clientName, string antiforgeryField, string antiforgeryToken, string? error, string? username)
    {
        var html = new StringBuilder();
        html.Append("<h1>Sign in to the Segnals sandbox</h1>");
        html.Append("<p><strong>").Append(E(clientName)).Append("</strong> wants to use your sandbox account. Sign in first.</p>");
        AppendError(html, error);
        html.Append("<form method=\"post\" action=\"").Append(E(SignInEndpoints.Path)).Append("\">");
        Hidden(html, antiforgeryField, antiforgeryToken);
        Hidden(html, "return_url", returnUrl);
        html.Append("<label for=\"username\">User name</label>");
        html.Append("<input type=\"text\" id=\"username\" name=\"username\" autocomplete=\"username\" required autofocus value=\"").Append(E(username ?? "")).Append("\">");
        html.Append("<label for=\"password\">Password</label>");
        html.Append("<input type=\"password\" id=\"password\" name=\"password\" autocomplete=\"current-password\" required>");
        html.Append("<div class=\"actions\"><button type=\"submit\" class=\"primary\">Sign in</button></div></form>");
        html.Append("<p class=\"note\">No password yet? Run <code>segnals-sandbox oauth password --user demo</code>; it prints a new one.</p>");
        return Page("Sign in · Segnals sandbox", html, error is null ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest);
    }

    public static IResult Consent(ConsentView view, string antiforgeryField, string antiforgeryToken, string? error)
    {
        var html = new StringBuilder();
        html.Append("<h1>Allow <span>").Append(E(view.ClientName)).Append("</span> to use your account?</h1>");
        html.Append("<p>Signed in as <strong>").Append(E(view.Username)).Append("</strong>. ");
        html.Append("It asks for access through <code>").Append(E(string.Join(", ", view.Resources))).Append("</code>; ");
        html.Append("after you allow it, you will be sent back to <code>").Append(E(view.RedirectTarget)).Append("</code>.</p>");
        AppendError(html, error);
        html.Append("<form method=\"post\" action=\"").Append(E(AuthorizeEndpoint.Path)).Append("\">");
        Hidden(html, antiforgeryField, antiforgeryToken);
        foreach (var (name, value) in view.RequestParameters)
        {
            Hidden(html, name, value);
        }
        html.Append("<fieldset><legend>It will be able to:</legend>");
        html.Append("<p class=\"note\" id=\"scope-help\">Untick anything you do not want to allow.</p>");
        var index = 0;
        foreach (var scope in view.Scopes)
        {
            var id = "scope-" + index++;
            html.Append("<div class=\"scope\"><input type=\"checkbox\" name=\"").Append(AuthorizeEndpoint.ScopeChoiceField).Append("\" id=\"").Append(id)
                .Append("\" value=\"").Append(E(scope.Name)).Append("\" aria-describedby=\"scope-help\"").Append(view.Checked.Contains(scope.Name) ? " checked" : "").Append('>');
            html.Append("<label for=\"").Append(id).Append("\">").Append(E(scope.Description)).Append(" <code>").Append(E(scope.Name)).Append("</code></label></div>");
        }
        html.Append("</fieldset>");
        html.Append("<div class=\"actions\">");
        html.Append("<button type=\"submit\" class=\"primary\" name=\"").Append(AuthorizeEndpoint.DecisionField).Append("\" value=\"allow\">Allow</button>");
        html.Append("<button type=\"submit\" class=\"secondary\" name=\"").Append(AuthorizeEndpoint.DecisionField).Append("\" value=\"deny\">Deny</button>");
        html.Append("</div></form>");
        return Page("Allow access · Segnals sandbox", html, error is null ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest);
    }

    public static IResult Problem(int status, string message)
    {
        var html = new StringBuilder();
        html.Append("<h1>That did not work</h1>");
        AppendError(html, message);
        return Page("Error · Segnals sandbox", html, status);
    }

    private static IResult Page(string title, StringBuilder body, int status)
    {
        var page = new StringBuilder();
        page.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        page.Append("<title>").Append(E(title)).Append("</title><style>").Append(Style).Append("</style></head><body><main>");
        page.Append("<p class=\"sandbox\">Segnals <strong>sandbox</strong>: simulated money, no real funds.</p>");
        page.Append(body);
        page.Append("</main></body></html>");
        return new HtmlPage(page.ToString(), status);
    }

    private static void AppendError(StringBuilder html, string? error)
    {
        if (error is not null)
        {
            html.Append("<p class=\"error\" role=\"alert\">").Append(E(error)).Append("</p>");
        }
    }

    private static void Hidden(StringBuilder html, string name, string value) =>
        html.Append("<input type=\"hidden\" name=\"").Append(E(name)).Append("\" value=\"").Append(E(value)).Append("\">");

    private static string E(string text) => HtmlEncoder.Default.Encode(text);

    /// <summary>An HTML answer that is never cached, framed, or allowed to run scripts.</summary>
    private sealed class HtmlPage(string html, int status) : IResult
    {
        public Task ExecuteAsync(HttpContext http)
        {
            http.Response.StatusCode = status;
            http.Response.ContentType = "text/html; charset=utf-8";
            var headers = http.Response.Headers;
            headers.CacheControl = "no-store";
            headers["X-Frame-Options"] = "DENY";
            headers["X-Content-Type-Options"] = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'";
            return http.Response.WriteAsync(html, http.RequestAborted);
        }
    }
}

/// <summary>What the consent page shows.</summary>
internal sealed record ConsentView(
    string ClientName,
    string Username,
    string RedirectTarget,
    IReadOnlyList<string> Resources,
    IReadOnlyList<SandboxScope> Scopes,
    IReadOnlySet<string> Checked,
    IReadOnlyList<(string Name, string Value)> RequestParameters);
