using Microsoft.AspNetCore.Http;
using Segnals.Mcp.HttpServer.Web;

namespace Segnals.Mcp.HttpServer.OAuth;

/// <summary>
/// When the Segnals API refuses the key an OAuth caller's token was exchanged for (the user revoked the grant, or it
/// ended), the request is answered 401 invalid_token rather than 200 with a tool error, so the client signs the user
/// in again instead of showing an error the user cannot act on. The status is changed as the answer starts (the MCP
/// server writes nothing before the tool has run); later requests with that token are refused at once, since its
/// cached caller remembers the refusal.
/// </summary>
internal sealed class RevokedGrantAnswer(RequestDelegate next, ProtectedResources resources)
{
    private const string Revoked = "The Segnals API refused the key this access token was exchanged for: the grant was revoked or has ended; sign in again.";

    public Task InvokeAsync(HttpContext context)
    {
        if (context.Features.Get<OAuthGrantFeature>() is { } oauth && context.Features.Get<ApiCallerFeature>() is { } caller)
        {
            context.Response.OnStarting(() =>
            {
                if (caller.Caller.WasRejected && context.Response.StatusCode == StatusCodes.Status200OK)
                {
                    context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    context.Response.Headers.WWWAuthenticate = BearerChallenge.Unauthorized(resources, oauth.Path, Revoked);
                }

                return Task.CompletedTask;
            });
        }

        return next(context);
    }
}
