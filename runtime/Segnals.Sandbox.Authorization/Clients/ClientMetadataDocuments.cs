using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Segnals.Sandbox.Authorization.Clients;

/// <summary>
/// Client ID Metadata Documents (draft-ietf-oauth-client-id-metadata-document, what MCP 2026-07-28 prefers): the
/// client_id is an https URL, and the JSON found there describes the client. Fetched with a short timeout, no
/// redirects and a size bound; the document must name its own URL as client_id; kept for a while so a flow does
/// not fetch it at every step.
/// </summary>
internal sealed class ClientMetadataDocuments
{
    public const int MaxDocumentBytes = 16 * 1024;
    public static readonly TimeSpan FetchTimeout = TimeSpan.FromSeconds(5);

    private readonly HttpClient _http;
    private readonly AuthorizationServerOptions _options;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, (ClientMetadata Metadata, DateTimeOffset FetchedAt)> _cache = new(StringComparer.Ordinal);

    public ClientMetadataDocuments(HttpClient http, AuthorizationServerOptions options, TimeProvider time)
    {
        _http = http;
        _options = options;
        _time = time;
    }

    /// <summary>An HttpClient for fetching documents: no redirects, no cookies, the fetch timeout.</summary>
    public static HttpClient CreateHttpClient() =>
        new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false, ConnectTimeout = FetchTimeout }) { Timeout = FetchTimeout };

    /// <summary>Whether a client_id is meant as a metadata document URL (rather than a registered client id).</summary>
    public static bool LooksLikeDocumentUrl(string clientId) =>
        clientId.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || clientId.StartsWith("http://", StringComparison.OrdinalIgnoreCase);

    /// <summary>The client's metadata, or why it cannot be used (a sentence naming the problem).</summary>
    public async Task<(ClientMetadata? Metadata, string? Problem)> GetAsync(string clientId, CancellationToken ct)
    {
        if (UrlProblem(clientId) is { } problem)
        {
            return (null, problem);
        }
        if (_cache.TryGetValue(clientId, out var cached) && _time.GetUtcNow() - cached.FetchedAt < _options.ClientMetadataCacheLifetime)
        {
            return (cached.Metadata, null);
        }
        var (metadata, fetchProblem) = await FetchAsync(clientId, ct).ConfigureAwait(false);
        if (metadata is not null)
        {
            _cache[clientId] = (metadata, _time.GetUtcNow());
        }
        return (metadata, fetchProblem);
    }

    private string? UrlProblem(string clientId)
    {
        if (!Uri.TryCreate(clientId, UriKind.Absolute, out var url) || clientId.Length > 2000)
        {
            return "the client_id is not an absolute URL";
        }
        if (!string.IsNullOrEmpty(url.Fragment) || !string.IsNullOrEmpty(url.UserInfo) || url.AbsolutePath.Length <= 1)
        {
            return "a client metadata document URL has a path, and no fragment or user name";
        }
        if (url.Scheme == Uri.UriSchemeHttps || (url.Scheme == Uri.UriSchemeHttp && url.IsLoopback && _options.AllowLoopbackHttpClientMetadata))
        {
            return null;
        }
        return "a client metadata document must be served over https";
    }

    private async Task<(ClientMetadata?, string?)> FetchAsync(string clientId, CancellationToken ct)
    {
        JsonElement document;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, clientId);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return (null, $"fetching the client metadata document answered {(int)response.StatusCode}, not 200");
            }
            if (response.Content.Headers.ContentLength is > MaxDocumentBytes)
            {
                return (null, $"the client metadata document is larger than {MaxDocumentBytes / 1024} KiB");
            }
            await using var stream = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
            var buffer = new byte[MaxDocumentBytes + 1];
            var length = 0;
            int read;
            while (length < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(length), ct).ConfigureAwait(false)) > 0)
            {
                length += read;
            }
            if (length > MaxDocumentBytes)
            {
                return (null, $"the client metadata document is larger than {MaxDocumentBytes / 1024} KiB");
            }
            using var parsed = JsonDocument.Parse(buffer.AsMemory(0, length));
            document = parsed.RootElement.Clone();
        }
        catch (JsonException)
        {
            return (null, "the client metadata document is not valid JSON");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            return (null, "the client metadata document could not be fetched (unreachable or too slow)");
        }

        if (document.ValueKind != JsonValueKind.Object || !document.TryGetProperty("client_id", out var id) || id.ValueKind != JsonValueKind.String ||
            !string.Equals(id.GetString(), clientId, StringComparison.Ordinal))
        {
            return (null, "the client metadata document's client_id is not the document's own URL");
        }
        if (document.TryGetProperty("client_secret", out _) || document.TryGetProperty("client_secret_expires_at", out _))
        {
            return (null, "a client metadata document must not carry a client secret");
        }
        var (metadata, _, description) = ClientMetadata.Read(document);
        if (metadata is null)
        {
            return (null, "the client metadata document is invalid: " + description);
        }
        if (metadata.RequestedAuthMethod != "none")
        {
            return (null, $"the client metadata document's token_endpoint_auth_method is '{metadata.RequestedAuthMethod}'; only 'none' (public clients with PKCE) is accepted");
        }
        return (metadata, null);
    }
}
