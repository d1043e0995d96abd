using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Segnals.Mcp.HttpServer.OAuth;

/// <summary>An answer from the authorization server: its status and its JSON body (null when the body was not JSON).</summary>
internal sealed record ChannelAnswer(int Status, JsonElement? Body)
{
    public string? String(string name) =>
        Body is { ValueKind: JsonValueKind.Object } body && body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>The OAuth error of a refusal, for a message ("invalid_grant: The subject token's grant is no longer valid."), cut short.</summary>
    public string Error()
    {
        var text = String("error") is { } error ? error + (String("error_description") is { } description ? ": " + description : string.Empty) : "HTTP " + Status;
        return text.Length <= 200 ? text : text[..200] + "…";
    }
}

/// <summary>
/// The back channel to the authorization server: metadata and keys, introspection, token exchange. Short timeouts (a
/// request waits for it), no redirects (a redirected POST would carry this server's credentials elsewhere), and
/// client_secret_basic for this server's own client authentication (RFC 6749 §2.3.1).
/// </summary>
internal sealed class AuthorizationServerChannel : IDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    /// <summary>Answers larger than this are not read: an introspection or exchange answer is a few hundred bytes.</summary>
    private const int MaxAnswerBytes = 64 * 1024;

    public AuthorizationServerChannel()
    {
        Http = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            ConnectTimeout = Timeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        })
        {
            Timeout = Timeout,
            MaxResponseContentBufferSize = MaxAnswerBytes,
        };
        Http.DefaultRequestHeaders.UserAgent.ParseAdd("segnals-mcp-http");
    }

    public HttpClient Http { get; }

    /// <param name="what">The endpoint's role, for the message when it does not answer ("introspection").</param>
    public async Task<ChannelAnswer> PostFormAsync(string endpoint, IEnumerable<KeyValuePair<string, string>> form, ResourceServerIdentity identity, string what)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(
            Uri.EscapeDataString(identity.ClientId) + ":" + Uri.EscapeDataString(identity.ClientSecret))));
        request.Headers.Accept.ParseAdd("application/json");
        try
        {
            using var response = await Http.SendAsync(request).ConfigureAwait(false);
            var bytes = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
            return new ChannelAnswer((int)response.StatusCode, ParseJson(bytes));
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            throw new AuthorizationServerUnavailableException(
                $"The authorization server's {what} endpoint did not answer ({(exception is TaskCanceledException ? "timed out" : "unreachable")}), so the token could not be checked; try again shortly.", exception);
        }
    }

    public void Dispose() => Http.Dispose();

    private static JsonElement? ParseJson(byte[] bytes)
    {
        try
        {
            return bytes.Length == 0 ? null : JsonSerializer.Deserialize<JsonElement>(bytes);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
