using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Segnals.Mcp.HttpServer.Web;

/// <summary>
/// Refusals this server makes before the MCP SDK sees a request, written as the SDK writes its own: a JSON-RPC
/// error with a null id (the body was not read, so there is no id to echo) and a sentence that says what to fix.
/// </summary>
internal static class JsonRpcErrorResponse
{
    /// <summary>JSON-RPC's "server error" range, as the SDK uses for transport-level refusals.</summary>
    public const int ServerErrorCode = -32000;

    // Readable sentences: no \u0027 for an apostrophe. Safe here, as the body is served as application/json only.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static async Task WriteAsync(HttpResponse response, int status, string message, int code = ServerErrorCode)
    {
        response.StatusCode = status;
        response.ContentType = "application/json";
        using var buffer = new MemoryStream();
        await using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("jsonrpc", "2.0");
            writer.WriteNull("id");
            writer.WriteStartObject("error");
            writer.WriteNumber("code", code);
            writer.WriteString("message", message);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        response.ContentLength = buffer.Length;
        await response.Body.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), response.HttpContext.RequestAborted);
    }
}
