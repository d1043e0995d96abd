using System.Text.Json;

namespace Segnals.Mcp.Runtime.Http;

/// <summary>A successful answer from the Segnals API.</summary>
public sealed class ApiResponse
{
    /// <param name="statusCode">The HTTP status code.</param>
    /// <param name="body">The parsed body; cloned, so the response owns it whatever happens to the caller's document.
    /// Pass <c>default</c> (Undefined) when the body was empty.</param>
    public ApiResponse(int statusCode, JsonElement body)
    {
        StatusCode = statusCode;
        Body = body.ValueKind == JsonValueKind.Undefined ? default : body.Clone();
    }

    public int StatusCode { get; }

    /// <summary>The JSON body, or an element of kind <see cref="JsonValueKind.Undefined"/> when the body was empty.</summary>
    public JsonElement Body { get; }
}
