using System.Net;
using Microsoft.AspNetCore.WebUtilities;
using Segnals.Sandbox.Authorization.Tests.Infrastructure;
using Xunit;

namespace Segnals.Sandbox.Authorization.Tests;

public sealed class AuthorizationCodeTests
{
    private const string Redirect = "http://127.0.0.1:7777/callback";

    [Fact]
    public async Task Scopes_unticked_on_the_consent_page_are_not_in_the_token_and_the_JWT_validates_against_the_JWKS()
    {
        await using var server = await TestAuthServer.StartAsync();
        using var session = server.Session();
        var clientId = await session.RegisterClientAsync(Redirect, "Narrowing client");
        var pkce = Pkce.New();

        var consent = await session.SignInAsync(OAuthSession.AuthorizeUrl(clientId, Redirect, "read:account read:bots write:bots", TestAuthServer.McpResource, pkce), "demo", server.DemoPassword);
        var boxes = consent.Checkboxes();
        Assert.Equal(["read:account", "read:bots", "write:bots"], boxes.Select(b => b.Value));
        Assert.All(boxes, b => Assert.True(b.Checked));
        // Plain words from the scope catalog, not only the scope name.
        Assert.Contains("Create bots and change their name or configuration.", boxes.Single(b => b.Value == "write:bots").Label);
        Assert.Contains("Narrowing client", consent.Document.QuerySelector("h1")!.TextContent);

        var callback = await session.AllowAsync(consent, keep: ["read:account", "read:bots"]);
        Assert.StartsWith(Redirect + "?", callback.AbsoluteUri);
        var code = QueryHelpers.ParseQuery(callback.Query)["code"].ToString();
        var (status, tokens) = await session.RedeemCodeAsync(clientId, code, Redirect, pkce, TestAuthServer.McpResource);
        Assert.True(status == HttpStatusCode.OK, tokens.ToString());
        Assert.Equal("Bearer", tokens.GetProperty("token_type").GetString());
        Assert.Equal("read:account read:bots", tokens.GetProperty("scope").GetString());
        Assert.True(tokens.TryGetProperty("refresh_token", out _));

        var accessToken = tokens.GetProperty("access_token").GetString()!;
        var validation = await Jwks.ValidateAsync(session.Http, accessToken, server.Issuer, TestAuthServer.McpResource.AbsoluteUri);
        Assert.True(validation.IsValid, validation.Exception?.Message);
        var jwt = Jwks.Read(accessToken);
        Assert.Equal([TestAuthServer.McpResource.AbsoluteUri], Jwks.Audiences(jwt));
        Assert.Equal("read:account read:bots", Jwks.Scope(jwt));
        Assert.Equal("demo", jwt.Subject);
        Assert.Equal(server.Auth.SigningKeys[0].KeyId, jwt.Kid);
        Assert.Equal(TimeSpan.FromMinutes(10), jwt.ValidTo - jwt.IssuedAt);

        // A token for /mcp is not a token for /mcp/readonly.
        var other = await Jwks.ValidateAsync(session.Http, accessToken, server.Issuer, TestAuthServer.ReadOnlyResource.AbsoluteUri);
        Assert.False(other.IsValid);
    }

    [Fact]
    public async Task Plain_PKCE_is_refused()
    {
        await using var server = await TestAuthServer.StartAsync();
        using var session = server.Session();
        var clientId = await session.RegisterClientAsync(Redirect);

        using var response = await session.GetAsync(OAuthSession.AuthorizeUrl(clientId, Redirect, "read:bots", TestAuthServer.McpResource, Pkce.New(), method: "plain"));

        var error = await ErrorOfAsync(response);
        Assert.Equal("invalid_request", error["error"]);
        Assert.Contains("code_challenge_method", error["error_description"].ToString());
    }

    [Fact]
    public async Task An_authorization_request_without_PKCE_is_refused()
    {
        await using var server = await TestAuthServer.StartAsync();
        using var session = server.Session();
        var clientId = await session.RegisterClientAsync(Redirect);

        using var response = await session.GetAsync(OAuthSession.AuthorizeUrl(clientId, Redirect, "read:bots", TestAuthServer.McpResource, pkce: null));

        Assert.Equal("invalid_request", (await ErrorOfAsync(response))["error"]);
    }

    [Theory]
    [InlineData("http://127.0.0.1:7777/other")]
    [InlineData("http://127.0.0.1:7777/callback/")]
    [InlineData("http://localhost:7777/callback")]
    [InlineData("https://evil.example/callback")]
    public async Task A_redirect_uri_that_is_not_registered_is_refused_without_redirecting(string redirect)
    {
        await using var server = await TestAuthServer.StartAsync();
        using var session = server.Session();
        var clientId = await session.RegisterClientAsync(Redirect);

        using var response = await session.GetAsync(OAuthSession.AuthorizeUrl(clientId, redirect, "read:bots", TestAuthServer.McpResource, Pkce.New()));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Contains("redirect_uri", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_native_clients_loopback_redirect_may_come_back_on_another_port_with_the_same_path()
    {
        await using var server = await TestAuthServer.StartAsync();
        using var session = server.Session();
        var clientId = await session.RegisterClientAsync(Redirect);
        var pkce = Pkce.New();
        const string otherPort = "http://127.0.0.1:51234/callback";

        var code = await session.AuthorizeAsync(clientId, otherPort, "read:bots", TestAuthServer.McpResource, pkce);
        var (status, tokens) = await session.RedeemCodeAsync(clientId, code, otherPort, pkce, TestAuthServer.McpResource);

        Assert.True(status == HttpStatusCode.OK, tokens.ToString());
    }

    [Fact]
    public async Task A_resource_the_sandbox_does_not_serve_is_refused_with_invalid_target()
    {
        await using var server = await TestAuthServer.StartAsync();
        using var session = server.Session();
        var clientId = await session.RegisterClientAsync(Redirect);

        using var response = await session.GetAsync(OAuthSession.AuthorizeUrl(clientId, Redirect, "read:bots", new Uri("http://127.0.0.1:9999/elsewhere"), Pkce.New()));

        Assert.Equal("invalid_target", (await ErrorOfAsync(response))["error"]);
    }

    [Fact]
    public async Task A_wrong_password_shows_the_form_again_with_an_error_and_no_session()
    {
        await using var server = await TestAuthServer.StartAsync();
        using var session = server.Session();
        var clientId = await session.RegisterClientAsync(Redirect);
        var url = OAuthSession.AuthorizeUrl(clientId, Redirect, "read:bots", TestAuthServer.McpResource, Pkce.New());
        using var first = await session.GetAsync(url);
        var form = HtmlForm.Parse(await first.Content.ReadAsStringAsync());

        using var posted = await session.SubmitAsync(form, [new("username", "demo"), new("password", "wrong-" + server.DemoPassword)]);

        Assert.Equal(HttpStatusCode.BadRequest, posted.StatusCode);
        var again = HtmlForm.Parse(await posted.Content.ReadAsStringAsync());
        Assert.Equal("The user name or password is wrong.", again.ErrorText);
        Assert.DoesNotContain(server.DemoPassword, await posted.Content.ReadAsStringAsync());
        using var still = await session.GetAsync(url);
        Assert.Equal("/oauth/signin", HtmlForm.Parse(await still.Content.ReadAsStringAsync()).Action);
    }

    [Fact]
    public async Task A_sign_in_post_without_the_antiforgery_token_is_refused()
    {
        await using var server = await TestAuthServer.StartAsync();
        using var session = server.Session();
        var clientId = await session.RegisterClientAsync(Redirect);
        using var first = await session.GetAsync(OAuthSession.AuthorizeUrl(clientId, Redirect, "read:bots", TestAuthServer.McpResource, Pkce.New()));
        var form = HtmlForm.Parse(await first.Content.ReadAsStringAsync());
        var withoutToken = form.Hidden().Where(f => f.Key != "__RequestVerificationToken").Append(new("username", "demo")).Append(new("password", server.DemoPassword));

        using var posted = await session.Http.PostAsync("/oauth/signin", new FormUrlEncodedContent(withoutToken));

        Assert.Equal(HttpStatusCode.BadRequest, posted.StatusCode);
        Assert.Null(posted.Headers.Location);
    }

    [Fact]
    public async Task Deny_sends_access_denied_back_to_the_client()
    {
        await using var server = await TestAuthServer.StartAsync();
        using var session = server.Session();
        var clientId = await session.RegisterClientAsync(Redirect);
        var consent = await session.SignInAsync(OAuthSession.AuthorizeUrl(clientId, Redirect, "read:bots", TestAuthServer.McpResource, Pkce.New()), "demo", server.DemoPassword);

        using var response = await session.SubmitAsync(consent, [new("decision", "deny")]);

        var error = await ErrorRedirectAsync(response);
        Assert.Equal("access_denied", error["error"]);
        Assert.Equal("st-123", error["state"]);
    }

    [Fact]
    public async Task Unticking_every_scope_asks_again_instead_of_issuing_an_empty_grant()
    {
        await using var server = await TestAuthServer.StartAsync();
        using var session = server.Session();
        var clientId = await session.RegisterClientAsync(Redirect);
        var consent = await session.SignInAsync(OAuthSession.AuthorizeUrl(clientId, Redirect, "read:bots", TestAuthServer.McpResource, Pkce.New()), "demo", server.DemoPassword);

        using var response = await session.SubmitAsync(consent, [new("decision", "allow")]);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("at least one", HtmlForm.Parse(await response.Content.ReadAsStringAsync()).ErrorText);
    }

    [Fact]
    public async Task A_code_is_refused_with_the_wrong_verifier_and_redeemed_at_most_once()
    {
        await using var server = await TestAuthServer.StartAsync();
        using var session = server.Session();
        var clientId = await session.RegisterClientAsync(Redirect);
        var pkce = Pkce.New();
        var code = await session.AuthorizeAsync(clientId, Redirect, "read:bots", TestAuthServer.McpResource, pkce);

        var (wrong, wrongBody) = await session.RedeemCodeAsync(clientId, code, Redirect, Pkce.New(), TestAuthServer.McpResource);
        Assert.Equal(HttpStatusCode.BadRequest, wrong);
        Assert.Equal("invalid_grant", wrongBody.GetProperty("error").GetString());
        var (right, _) = await session.RedeemCodeAsync(clientId, code, Redirect, pkce, TestAuthServer.McpResource);
        Assert.Equal(HttpStatusCode.OK, right);
        var (again, body) = await session.RedeemCodeAsync(clientId, code, Redirect, pkce, TestAuthServer.McpResource);
        Assert.Equal(HttpStatusCode.BadRequest, again);
        Assert.Equal("invalid_grant", body.GetProperty("error").GetString());
    }

    /// <summary>
    /// The error of a refused authorization request: OpenIddict redirects it to the client once the redirect URI is
    /// known to be the client's, and shows it itself (400) when the request fails before that.
    /// </summary>
    private static async Task<Dictionary<string, Microsoft.Extensions.Primitives.StringValues>> ErrorOfAsync(HttpResponseMessage response)
    {
        if (response.StatusCode == HttpStatusCode.BadRequest)
        {
            var text = await response.Content.ReadAsStringAsync();
            return text.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(line => line.Split(':', 2))
                .ToDictionary(parts => parts[0], parts => new Microsoft.Extensions.Primitives.StringValues(parts[1]));
        }
        return await ErrorRedirectAsync(response);
    }

    private static async Task<Dictionary<string, Microsoft.Extensions.Primitives.StringValues>> ErrorRedirectAsync(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode is HttpStatusCode.Found or HttpStatusCode.SeeOther, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        var location = response.Headers.Location!;
        Assert.StartsWith(Redirect, location.AbsoluteUri);
        return QueryHelpers.ParseQuery(location.Query);
    }
}
