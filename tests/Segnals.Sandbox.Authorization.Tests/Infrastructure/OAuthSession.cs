using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Xunit;

namespace Segnals.Sandbox.Authorization.Tests.Infrastructure;

/// <summary>
/// A user agent and an OAuth client in one: keeps cookies like a browser, follows no redirect by itself, and drives
/// registration, sign-in, consent and the token endpoint over real HTTP.
/// </summary>
public sealed class OAuthSession : IDisposable
{
    private readonly TestAuthServer _server;
    private readonly HttpClient _http;

    public OAuthSession(TestAuthServer server)
    {
        _server = server;
        _http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() })
        {
            BaseAddress = server.Origin,
            Timeout = TimeSpan.FromSeconds(30),
        };
    }

    public HttpClient Http => _http;

    /// <summary>Registers a public client with RFC 7591 and returns the whole answer.</summary>
    public async Task<(HttpStatusCode Status, JsonElement Body)> RegisterAsync(object metadata)
    {
        using var response = await _http.PostAsync("/oauth/register", new StringContent(JsonSerializer.Serialize(metadata), Encoding.UTF8, "application/json"));
        return (response.StatusCode, await JsonAsync(response));
    }

    public async Task<string> RegisterClientAsync(string redirectUri, string name = "Test client")
    {
        var (status, body) = await RegisterAsync(new { redirect_uris = new[] { redirectUri }, client_name = name, grant_types = new[] { "authorization_code", "refresh_token" } });
        Assert.True(status == HttpStatusCode.Created, body.ToString());
        return body.GetProperty("client_id").GetString()!;
    }

    public static string AuthorizeUrl(string clientId, string redirectUri, string scope, Uri? resource, Pkce? pkce, string method = "S256", string state = "st-123")
    {
        var query = new Dictionary<string, string?>
        {
            ["response_type"] = "code",
            ["client_id"] = clientId,
            ["redirect_uri"] = redirectUri,
            ["scope"] = scope,
            ["state"] = state,
        };
        if (resource is not null)
        {
            query["resource"] = resource.AbsoluteUri;
        }
        if (pkce is not null)
        {
            query["code_challenge"] = method == "plain" ? pkce.Verifier : pkce.Challenge;
            query["code_challenge_method"] = method;
        }
        return QueryHelpers.AddQueryString("/oauth/authorize", query);
    }

    public Task<HttpResponseMessage> GetAsync(string url) => _http.GetAsync(url);

    /// <summary>Posts a parsed form with the given fields (the page's hidden fields first).</summary>
    public Task<HttpResponseMessage> SubmitAsync(HtmlForm form, IEnumerable<KeyValuePair<string, string>> fields) =>
        _http.PostAsync(form.Action, new FormUrlEncodedContent(form.Hidden().Concat(fields)));

    /// <summary>Sign-in page → sign in → the consent page's form.</summary>
    public async Task<HtmlForm> SignInAsync(string authorizeUrl, string username, string password)
    {
        using var first = await _http.GetAsync(authorizeUrl);
        var html = await first.Content.ReadAsStringAsync();
        Assert.True(first.StatusCode == HttpStatusCode.OK, $"{(int)first.StatusCode} {html}");
        var signIn = HtmlForm.Parse(html);
        Assert.Equal("/oauth/signin", signIn.Action);
        using var posted = await SubmitAsync(signIn, [new("username", username), new("password", password)]);
        Assert.True(posted.StatusCode == HttpStatusCode.Redirect, $"{(int)posted.StatusCode} {await posted.Content.ReadAsStringAsync()}");
        using var consent = await _http.GetAsync(posted.Headers.Location!);
        var consentHtml = await consent.Content.ReadAsStringAsync();
        Assert.True(consent.StatusCode == HttpStatusCode.OK, $"{(int)consent.StatusCode} {consentHtml}");
        return HtmlForm.Parse(consentHtml);
    }

    /// <summary>Allows on the consent page, keeping only <paramref name="keep"/> ticked (all when null); returns where the browser is sent.</summary>
    public async Task<Uri> AllowAsync(HtmlForm consent, IEnumerable<string>? keep = null)
    {
        var ticked = keep ?? consent.Checkboxes().Where(c => c.Checked).Select(c => c.Value);
        using var response = await SubmitAsync(consent, [.. ticked.Select(s => new KeyValuePair<string, string>("granted_scope", s)), new("decision", "allow")]);
        Assert.True(response.StatusCode is HttpStatusCode.Found or HttpStatusCode.SeeOther, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return response.Headers.Location!;
    }

    /// <summary>The whole front channel: authorize, sign in as demo, allow; returns the code.</summary>
    public async Task<string> AuthorizeAsync(string clientId, string redirectUri, string scope, Uri resource, Pkce pkce, IEnumerable<string>? keep = null)
    {
        var consent = await SignInAsync(AuthorizeUrl(clientId, redirectUri, scope, resource, pkce), "demo", _server.DemoPassword);
        var callback = await AllowAsync(consent, keep);
        var query = QueryHelpers.ParseQuery(callback.Query);
        Assert.True(query.ContainsKey("code"), "no code in " + callback);
        Assert.Equal("st-123", query["state"].ToString());
        return query["code"].ToString();
    }

    public async Task<(HttpStatusCode Status, JsonElement Body)> TokenAsync(IDictionary<string, string> form, (string Id, string Secret)? basic = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/oauth/token") { Content = new FormUrlEncodedContent(form) };
        if (basic is { } credentials)
        {
            request.Headers.Authorization = BasicAuth(credentials.Id, credentials.Secret);
        }
        using var response = await _http.SendAsync(request);
        return (response.StatusCode, await JsonAsync(response));
    }

    public Task<(HttpStatusCode Status, JsonElement Body)> RedeemCodeAsync(string clientId, string code, string redirectUri, Pkce pkce, Uri resource) =>
        TokenAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["client_id"] = clientId,
            ["code"] = code,
            ["redirect_uri"] = redirectUri,
            ["code_verifier"] = pkce.Verifier,
            ["resource"] = resource.AbsoluteUri,
        });

    public Task<(HttpStatusCode Status, JsonElement Body)> RefreshAsync(string clientId, string refreshToken) =>
        TokenAsync(new Dictionary<string, string> { ["grant_type"] = "refresh_token", ["client_id"] = clientId, ["refresh_token"] = refreshToken });

    /// <summary>Code flow end to end for a new DCR client: returns the client id and the token response.</summary>
    public async Task<(string ClientId, JsonElement Tokens)> GetTokensAsync(string scope, Uri resource, IEnumerable<string>? keep = null, string redirectUri = "http://127.0.0.1:7777/callback")
    {
        var clientId = await RegisterClientAsync(redirectUri);
        var pkce = Pkce.New();
        var code = await AuthorizeAsync(clientId, redirectUri, scope, resource, pkce, keep);
        var (status, tokens) = await RedeemCodeAsync(clientId, code, redirectUri, pkce, resource);
        Assert.True(status == HttpStatusCode.OK, tokens.ToString());
        return (clientId, tokens);
    }

    public async Task<(HttpStatusCode Status, JsonElement Body)> PostFormAsync(string path, IDictionary<string, string> form, (string Id, string Secret)? basic = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(form) };
        if (basic is { } credentials)
        {
            request.Headers.Authorization = BasicAuth(credentials.Id, credentials.Secret);
        }
        using var response = await _http.SendAsync(request);
        return (response.StatusCode, await JsonAsync(response));
    }

    public static AuthenticationHeaderValue BasicAuth(string id, string secret) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(Uri.EscapeDataString(id) + ":" + Uri.EscapeDataString(secret))));

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        if (text.Length == 0)
        {
            return default;
        }
        try
        {
            return JsonDocument.Parse(text).RootElement.Clone();
        }
        catch (JsonException)
        {
            return JsonDocument.Parse(JsonSerializer.Serialize(new { non_json = text })).RootElement.Clone();
        }
    }

    public void Dispose() => _http.Dispose();
}
