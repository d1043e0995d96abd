using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Segnals.Mcp.HttpServer.Telemetry;
using Segnals.Mcp.Runtime.Callers;

namespace Segnals.Mcp.HttpServer.Web;

/// <summary>The caller a request was authenticated as; only this server's own code reads it.</summary>
internal sealed record ApiCallerFeature(ApiCaller Caller);

/// <summary>How an authentication scheme hands a request its caller: as a feature for the MCP connectors, a label for the log line, and a principal.</summary>
internal static class AuthenticatedCaller
{
    public const string CallerIdClaim = "segnals_caller";

    public static AuthenticateResult Success(HttpContext context, ApiCaller caller, string scheme)
    {
        context.Features.Set(new ApiCallerFeature(caller));
        if (context.Features.Get<McpRequestRecord>() is { } record)
        {
            record.CallerId = caller.Id;
        }

        var identity = new ClaimsIdentity([new Claim(CallerIdClaim, caller.Id)], scheme, CallerIdClaim, null);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), scheme));
    }
}
