using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Segnals.Sandbox.Tests.Infrastructure;

/// <summary>A response as the tests read it: status, parsed JSON, headers.</summary>
public sealed class ApiResponse
{
    public ApiResponse(HttpStatusCode status, string raw, HttpResponseHeaders headers, string? contentType = null)
    {
        Status = status;
        ContentType = contentType;
        Raw = raw;
        Headers = headers;
        Json = raw.Length == 0 ? default : JsonDocument.Parse(raw).RootElement.Clone();
    }

    public HttpStatusCode Status { get; }

    public string Raw { get; }

    public JsonElement Json { get; }

    public HttpResponseHeaders Headers { get; }

    public string? ContentType { get; }

    public JsonElement this[string property] => Json.GetProperty(property);

    public string? Str(string property) => Json.GetProperty(property).GetString();

    public long Long(string property) => Json.GetProperty(property).GetInt64();

    public double Num(string property) => Json.GetProperty(property).GetDouble();

    public override string ToString() => $"{(int)Status} {Raw}";
}

/// <summary>A real HTTP client against the sandbox, with one key; bodies are JSON text.</summary>
public sealed class ApiClient : IDisposable
{
    private readonly HttpClient _http;

    public ApiClient(Uri baseAddress, string? apiKey)
    {
        _http = new HttpClient { BaseAddress = new Uri(baseAddress.ToString().TrimEnd('/') + "/"), Timeout = TimeSpan.FromSeconds(30) };
        _http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (apiKey is not null)
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }
    }

    public Task<ApiResponse> GetAsync(string path) => SendAsync(HttpMethod.Get, path, null);

    public Task<ApiResponse> PostAsync(string path, string json, string? idempotencyKey = null) => SendAsync(HttpMethod.Post, path, json, idempotencyKey);

    public Task<ApiResponse> PutAsync(string path, string json, string? idempotencyKey = null) => SendAsync(HttpMethod.Put, path, json, idempotencyKey);

    public Task<ApiResponse> DeleteAsync(string path, string? idempotencyKey = null) => SendAsync(HttpMethod.Delete, path, null, idempotencyKey);

    public async Task<ApiResponse> SendAsync(HttpMethod method, string path, string? json, string? idempotencyKey = null, Action<HttpRequestMessage>? configure = null)
    {
        using var request = new HttpRequestMessage(method, path.TrimStart('/'));
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }
        configure?.Invoke(request);
        using var response = await _http.SendAsync(request);
        var raw = await response.Content.ReadAsStringAsync();
        return new ApiResponse(response.StatusCode, raw, response.Headers, response.Content.Headers.ContentType?.ToString());
    }

    /// <summary>Creates a stopped bot and returns its id (asserting success).</summary>
    public async Task<long> CreateBotAsync(string exchange = "bybit", string? symbol = null, string? name = null)
    {
        var body = new StringBuilder($"{{\"exchange\":\"{exchange}\",\"client\":\"mcp\"");
        if (symbol is not null)
        {
            body.Append($",\"symbol\":\"{symbol}\"");
        }
        if (name is not null)
        {
            body.Append($",\"name\":{JsonSerializer.Serialize(name)}");
        }
        body.Append('}');
        var response = await PostAsync("bots/create", body.ToString());
        Xunit.Assert.True(response.Status == HttpStatusCode.OK, response.ToString());
        return response.Long("bot_id");
    }

    public async Task<string> StatusOfAsync(long botId)
    {
        var response = await GetAsync($"bots/{botId}");
        Xunit.Assert.True(response.Status == HttpStatusCode.OK, response.ToString());
        return response["bot"].GetProperty("status").GetString()!;
    }

    public void Dispose() => _http.Dispose();
}
