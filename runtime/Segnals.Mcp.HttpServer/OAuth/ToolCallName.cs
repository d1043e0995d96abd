using System.Text.Json;
using Microsoft.AspNetCore.Http;
using ModelContextProtocol.Protocol;

namespace Segnals.Mcp.HttpServer.OAuth;

/// <summary>
/// The tool a request calls (tools/call), read before the MCP SDK reads the request. From protocol 2026-07-28 on, the
/// Mcp-Method and Mcp-Name headers say it, and the SDK refuses a request whose headers do not match its body, so the
/// headers can be trusted here. Older requests carry it only in the JSON-RPC body, which is then buffered and read
/// (the body limit keeps it at most 1 MiB) and left for the SDK to read again.
/// </summary>
internal static class ToolCallName
{
    /// <summary>The first revision whose requests carry the standard headers (and whose headers the SDK checks against the body).</summary>
    private const string StandardHeadersFrom = "2026-07-28";

    private const string MethodHeader = "Mcp-Method";
    private const string NameHeader = "Mcp-Name";

    /// <summary>The tools a request calls; empty when it calls none (or is not JSON-RPC: the SDK will say so).</summary>
    public static async Task<IReadOnlyList<string>> ReadAsync(HttpRequest request)
    {
        if (!HttpMethods.IsPost(request.Method))
        {
            return [];
        }

        var version = request.Headers["MCP-Protocol-Version"].ToString();
        if (string.CompareOrdinal(version, StandardHeadersFrom) >= 0)
        {
            return request.Headers[MethodHeader].ToString().Trim() == RequestMethods.ToolsCall
                && McpHeaderEncoder.DecodeValue(request.Headers[NameHeader].ToString().Trim()) is { Length: > 0 } name
                ? [name]
                : [];
        }

        // In memory: the body limit keeps it small, and nothing of a request should reach the disk.
        request.EnableBuffering(bufferThreshold: (int)Web.RequestBodyLimit.MaxBytes, bufferLimit: Web.RequestBodyLimit.MaxBytes);
        try
        {
            using var body = await JsonDocument.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted);
            return body.RootElement.ValueKind == JsonValueKind.Array
                ? [.. body.RootElement.EnumerateArray().Select(Called).OfType<string>()]
                : Called(body.RootElement) is { } name ? [name] : [];
        }
        catch (JsonException)
        {
            return [];
        }
        finally
        {
            request.Body.Position = 0;
        }
    }

    private static string? Called(JsonElement message) =>
        message.ValueKind == JsonValueKind.Object
        && message.TryGetProperty("method", out var method) && method.ValueEquals(RequestMethods.ToolsCall)
        && message.TryGetProperty("params", out var parameters) && parameters.ValueKind == JsonValueKind.Object
        && parameters.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String
            ? name.GetString()
            : null;
}
