using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Segnals.Mcp.HttpServer.Web;

/// <summary>
/// Refuses with 403 a request whose Host is not on the allow-list (DNS rebinding: a web page whose name now points
/// at this machine) or that comes from a web page whose Origin is not (a page calling the server in the user's
/// browser). Programs send no Origin and are not affected; health checks answer any Host.
/// ASP.NET Core's host filtering middleware would answer 400 and knows nothing of Origin, so this is our own.
/// </summary>
internal sealed class HostAndOriginGuard(RequestDelegate next, HostAllowList hosts, OriginAllowList origins, ServedPaths paths)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (paths.IsHealth(context.Request.Path))
        {
            return next(context);
        }

        if (!hosts.Allows(context.Request.Host))
        {
            return JsonRpcErrorResponse.WriteAsync(context.Response, StatusCodes.Status403Forbidden,
                "Forbidden: this server does not answer to that Host name. Its operator can allow it with SEGNALS_MCP_ALLOWED_HOSTS.");
        }

        var origin = context.Request.Headers[HeaderNames.Origin];
        if (origin.Count > 1 || (origin.Count == 1 && !origins.Allows(origin.ToString())))
        {
            return JsonRpcErrorResponse.WriteAsync(context.Response, StatusCodes.Status403Forbidden,
                "Forbidden: requests from this web origin are not allowed. The server's operator can allow it with SEGNALS_MCP_ALLOWED_ORIGINS.");
        }

        return next(context);
    }
}
