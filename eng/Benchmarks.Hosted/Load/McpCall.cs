using System.Net.Http.Headers;
using System.Text;

namespace Segnals.Benchmarks.Hosted.Load;

/// <summary>
/// One raw Streamable HTTP tools/call as a stateless client sends it (no SDK: the client must cost nothing
/// but the request), and the check that its answer is a tool result rather than an error.
/// </summary>
internal sealed class McpCall
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    private readonly Uri _endpoint;
    private readonly string _protocolVersion;
    private readonly AuthenticationHeaderValue _authorization;
    private readonly string _tool;
    private readonly byte[] _body;

    /// <param name="protocolVersion">2025-11-25 (a stateless server answers without a prior initialize) or 2026-07-28 (per-request metadata).</param>
    public McpCall(Uri endpoint, string credential, string tool, string protocolVersion)
    {
        _endpoint = endpoint;
        _tool = tool;
        _protocolVersion = protocolVersion;
        _authorization = new AuthenticationHeaderValue("Bearer", credential);
        var meta = protocolVersion == "2025-11-25"
            ? string.Empty
            : ""","_meta":{"io.modelcontextprotocol/protocolVersion":"PV","io.modelcontextprotocol/clientInfo":{"name":"benchmark","version":"1"},"io.modelcontextprotocol/clientCapabilities":{}}""".Replace("PV", protocolVersion, StringComparison.Ordinal);
        _body = Encoding.UTF8.GetBytes("""{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":""" + "\"" + tool + "\",\"arguments\":{}" + meta + "}}");
    }

    public HttpRequestMessage NewRequest()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, _endpoint) { Content = new ByteArrayContent(_body) };
        request.Content.Headers.ContentType = Json;
        request.Headers.Authorization = _authorization;
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.Accept.ParseAdd("text/event-stream");
        request.Headers.TryAddWithoutValidation("MCP-Protocol-Version", _protocolVersion);
        request.Headers.TryAddWithoutValidation("Mcp-Method", "tools/call");
        request.Headers.TryAddWithoutValidation("Mcp-Name", _tool);
        return request;
    }

    /// <summary>Null when the answer is a successful tool result; otherwise what was wrong, for the report.</summary>
    public static string? Problem(int status, ReadOnlySpan<byte> body)
    {
        if (status != 200)
        {
            return "HTTP " + status + ": " + Encoding.UTF8.GetString(body[..Math.Min(body.Length, 300)]);
        }

        if (body.IndexOf("\"result\""u8) < 0 || body.IndexOf("\"isError\":true"u8) >= 0)
        {
            return "not a tool result: " + Encoding.UTF8.GetString(body[..Math.Min(body.Length, 300)]);
        }

        return null;
    }
}
