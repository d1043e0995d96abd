using System.Net.Http.Headers;
using System.Text;

namespace Segnals.Mcp.HttpServer.Tests.Infrastructure;

/// <summary>Hand-made HTTP requests, for what a well-behaved client never sends.</summary>
internal static class RawMcp
{
    public const string ToolsList = """{"jsonrpc":"2.0","id":1,"method":"tools/list"}""";

    private static readonly HttpClient Http = new(new SocketsHttpHandler { AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>A POST as an MCP client sends it (both Accept types, JSON body, the key as bearer), changed by <paramref name="change"/>.</summary>
    public static async Task<(int Status, HttpResponseMessage Response, string Body)> PostAsync(Uri endpoint, string? key, string body = ToolsList, Action<HttpRequestMessage>? change = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.Accept.ParseAdd("text/event-stream");
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        change?.Invoke(request);
        return await SendAsync(request);
    }

    public static async Task<(int Status, HttpResponseMessage Response, string Body)> SendAsync(HttpRequestMessage request)
    {
        var response = await Http.SendAsync(request);
        return ((int)response.StatusCode, response, await response.Content.ReadAsStringAsync());
    }
}
