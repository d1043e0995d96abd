using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Segnals.Sandbox.Authorization.Tests.Infrastructure;
using Xunit;

namespace Segnals.Sandbox.Authorization.Tests;

public sealed class RegistrationTests
{
    [Fact]
    public async Task Dynamic_registration_answers_a_public_client_even_when_a_secret_method_was_asked_for()
    {
        await using var server = await TestAuthServer.StartAsync();
        using var session = server.Session();

        // What the MCP C# SDK sends (it asks for client_secret_post and uses the method the answer names).
        var (status, body) = await session.RegisterAsync(new
        {
            redirect_uris = new[] { "http://localhost:7777/callback" },
            grant_types = new[] { "authorization_code", "refresh_token" },
            response_types = new[] { "code" },
            token_endpoint_auth_method = "client_secret_post",
            client_name = "SDK-like client",
            scope = "read:bots",
            application_type = "native",
        });

        Assert.Equal(HttpStatusCode.Created, status);
        Assert.StartsWith("dcr_", body.GetProperty("client_id").GetString());
        Assert.Equal("none", body.GetProperty("token_endpoint_auth_method").GetString());
        Assert.False(body.TryGetProperty("client_secret", out _));
        Assert.Equal(["http://localhost:7777/callback"], body.GetProperty("redirect_uris").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("SDK-like client", body.GetProperty("client_name").GetString());
    }

    [Theory]
    [InlineData("{\"client_name\":\"x\"}", "invalid_redirect_uri", "redirect_uris is required")]
    [InlineData("{\"redirect_uris\":[\"http://example.com/cb\"]}", "invalid_redirect_uri", "not loopback")]
    [InlineData("{\"redirect_uris\":[\"http://127.0.0.1/cb#frag\"]}", "invalid_redirect_uri", "fragment")]
    [InlineData("{\"redirect_uris\":[\"javascript:alert(1)\"]}", "invalid_redirect_uri", "scheme 'javascript'")]
    [InlineData("{\"redirect_uris\":[\"http://127.0.0.1/cb\"],\"grant_types\":[\"client_credentials\"]}", "invalid_client_metadata", "client_credentials")]
    [InlineData("{\"redirect_uris\":[\"http://127.0.0.1/cb\"],\"response_types\":[\"token\"]}", "invalid_client_metadata", "response_types")]
    [InlineData("not json", "invalid_client_metadata", "not valid JSON")]
    public async Task Bad_registrations_are_refused_naming_what_is_wrong(string json, string error, string mentions)
    {
        await using var server = await TestAuthServer.StartAsync();
        using var session = server.Session();

        using var response = await session.Http.PostAsync("/oauth/register", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(error, body.GetProperty("error").GetString());
        Assert.Contains(mentions, body.GetProperty("error_description").GetString());
    }

    [Fact]
    public async Task A_client_metadata_document_is_fetched_and_its_client_goes_through_the_whole_flow()
    {
        await using var server = await TestAuthServer.StartAsync();
        await using var site = await ClientSite.StartAsync();
        using var session = server.Session();
        var clientId = new Uri(site.Origin, "oauth/client.json").AbsoluteUri;
        site.Serve("/oauth/client.json", JsonSerializer.Serialize(new
        {
            client_id = clientId,
            client_name = "Metadata Document Client",
            redirect_uris = new[] { site.CallbackUrl },
            grant_types = new[] { "authorization_code", "refresh_token" },
            response_types = new[] { "code" },
            token_endpoint_auth_method = "none",
        }));
        var pkce = Pkce.New();

        var consent = await session.SignInAsync(OAuthSession.AuthorizeUrl(clientId, site.CallbackUrl, "read:bots", TestAuthServer.McpResource, pkce), "demo", server.DemoPassword);
        Assert.Contains("Metadata Document Client", consent.Document.QuerySelector("h1")!.TextContent);
        var callback = await session.AllowAsync(consent);
        var code = QueryHelpers.ParseQuery(callback.Query)["code"].ToString();
        var (status, tokens) = await session.RedeemCodeAsync(clientId, code, site.CallbackUrl, pkce, TestAuthServer.McpResource);

        Assert.True(status == HttpStatusCode.OK, tokens.ToString());
        Assert.True(tokens.TryGetProperty("refresh_token", out _));
        // Fetched once for the whole flow (sign-in, consent page, consent post): the cache holds it.
        Assert.Equal(1, site.Fetches["/oauth/client.json"]);
    }

    [Theory]
    [InlineData("other-id", "not the document's own URL")]
    [InlineData("secret", "must not carry a client secret")]
    [InlineData("basic", "only 'none'")]
    [InlineData("missing", "answered 404")]
    [InlineData("redirect", "not registered")]
    public async Task A_bad_client_metadata_document_is_refused_naming_the_problem(string defect, string mentions)
    {
        await using var server = await TestAuthServer.StartAsync();
        await using var site = await ClientSite.StartAsync();
        using var session = server.Session();
        var clientId = new Uri(site.Origin, "client.json").AbsoluteUri;
        var document = new Dictionary<string, object>
        {
            ["client_id"] = defect == "other-id" ? new Uri(site.Origin, "elsewhere.json").AbsoluteUri : clientId,
            ["redirect_uris"] = new[] { site.CallbackUrl },
        };
        if (defect == "secret")
        {
            document["client_secret"] = "s3cret";
        }
        if (defect == "basic")
        {
            document["token_endpoint_auth_method"] = "client_secret_basic";
        }
        if (defect != "missing")
        {
            site.Serve("/client.json", JsonSerializer.Serialize(document));
        }
        var redirect = defect == "redirect" ? new Uri(site.Origin, "not-the-callback").AbsoluteUri : site.CallbackUrl;

        using var response = await session.GetAsync(OAuthSession.AuthorizeUrl(clientId, redirect, "read:bots", TestAuthServer.McpResource, Pkce.New()));

        // Shown by the server itself (an unknown client is never redirected to): 401 for invalid_client.
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Unauthorized, $"{(int)response.StatusCode} {text}");
        Assert.Null(response.Headers.Location);
        Assert.Contains(defect == "redirect" ? "redirect_uri" : "invalid_client", text);
        if (defect != "redirect")
        {
            Assert.Contains(mentions, text);
        }
    }

    [Fact]
    public async Task A_metadata_document_url_over_plain_http_to_another_host_is_refused_without_fetching()
    {
        await using var server = await TestAuthServer.StartAsync();
        using var session = server.Session();

        using var response = await session.GetAsync(OAuthSession.AuthorizeUrl("http://clients.example/app.json", "http://127.0.0.1:7777/callback", "read:bots", TestAuthServer.McpResource, Pkce.New()));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("must be served over https", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_oversized_metadata_document_is_refused()
    {
        await using var server = await TestAuthServer.StartAsync();
        await using var site = await ClientSite.StartAsync();
        using var session = server.Session();
        var clientId = new Uri(site.Origin, "big.json").AbsoluteUri;
        site.Serve("/big.json", JsonSerializer.Serialize(new { client_id = clientId, redirect_uris = new[] { site.CallbackUrl }, padding = new string('x', 20_000) }));

        using var response = await session.GetAsync(OAuthSession.AuthorizeUrl(clientId, site.CallbackUrl, "read:bots", TestAuthServer.McpResource, Pkce.New()));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("larger than 16 KiB", await response.Content.ReadAsStringAsync());
    }
}
