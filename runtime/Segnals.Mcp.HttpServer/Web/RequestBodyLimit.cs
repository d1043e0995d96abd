using Microsoft.AspNetCore.Http;

namespace Segnals.Mcp.HttpServer.Web;

/// <summary>
/// Answers 413 for a request body over <see cref="MaxBytes"/>. Kestrel enforces the limit (MaxRequestBodySize),
/// but by throwing at the reader, which would otherwise surface as a 500; a declared length is refused before
/// anything is read, a chunked body when the limit is crossed.
/// </summary>
internal sealed class RequestBodyLimit(RequestDelegate next)
{
    /// <summary>1 MiB: the largest tools/call a Segnals tool needs is a few KiB.</summary>
    public const long MaxBytes = 1 << 20;

    private const string Message = "Payload Too Large: an MCP request body may be at most 1 MiB.";

    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Request.ContentLength > MaxBytes)
        {
            await JsonRpcErrorResponse.WriteAsync(context.Response, StatusCodes.Status413PayloadTooLarge, Message);
            return;
        }

        try
        {
            await next(context);
        }
        catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge && !context.Response.HasStarted)
        {
            await JsonRpcErrorResponse.WriteAsync(context.Response, StatusCodes.Status413PayloadTooLarge, Message);
        }
    }
}
