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

    /// <summary>
    /// A chunked POST of <paramref name="body"/> over a plain socket, returning the status line's code. A server that
    /// refuses the body part-way answers and closes while the client is still writing; HttpClient would then report
    /// the failed write instead of the answer, so this writes what it can and reads what came back.
    /// </summary>
    public static async Task<int> PostChunkedAsync(Uri endpoint, string key, byte[] body)
    {
        using var socket = new System.Net.Sockets.TcpClient();
        await socket.ConnectAsync(endpoint.Host, endpoint.Port);
        var stream = socket.GetStream();
        var head = $"POST {endpoint.PathAndQuery} HTTP/1.1\r\nHost: {endpoint.Authority}\r\nAuthorization: Bearer {key}\r\n" +
            "Content-Type: application/json\r\nAccept: application/json, text/event-stream\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n";
        try
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
            foreach (var chunk in body.Chunk(16 * 1024))
            {
                await stream.WriteAsync(Encoding.ASCII.GetBytes($"{chunk.Length:x}\r\n"));
                await stream.WriteAsync(chunk);
                await stream.WriteAsync("\r\n"u8.ToArray());
            }

            await stream.WriteAsync("0\r\n\r\n"u8.ToArray());
        }
        catch (IOException)
        {
            // The server stopped reading: its answer is already on the way.
        }

        using var reader = new StreamReader(stream, Encoding.ASCII);
        var statusLine = await reader.ReadLineAsync() ?? throw new InvalidOperationException("The server closed the connection without answering.");
        return int.Parse(statusLine.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The JSON-RPC message of an answer, sent as JSON or as the data of a server-sent event.</summary>
    public static System.Text.Json.JsonElement Message(string body)
    {
        var json = body.TrimStart().StartsWith('{')
            ? body
            : string.Concat(body.Split('\n').Where(line => line.StartsWith("data:", StringComparison.Ordinal)).Select(line => line["data:".Length..]));
        return System.Text.Json.JsonDocument.Parse(json).RootElement.Clone();
    }

    /// <summary>A tools/call answer's structured result.</summary>
    public static System.Text.Json.JsonElement StructuredResult(string body) => Message(body).GetProperty("result").GetProperty("structuredContent");

    public static async Task<(int Status, HttpResponseMessage Response, string Body)> SendAsync(HttpRequestMessage request)
    {
        var response = await Http.SendAsync(request);
        return ((int)response.StatusCode, response, await response.Content.ReadAsStringAsync());
    }
}
