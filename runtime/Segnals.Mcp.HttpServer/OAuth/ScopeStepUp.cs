using Microsoft.AspNetCore.Http;
using Segnals.Mcp.HttpServer.Telemetry;
using Segnals.Mcp.HttpServer.Web;

namespace Segnals.Mcp.HttpServer.OAuth;

/// <summary>
/// Step-up authorization (MCP: runtime insufficient scope): a tools/call of a tool whose scope the caller's token was
/// not granted is answered 403 with WWW-Authenticate error="insufficient_scope" and the scopes to ask for (those
/// granted plus the one needed), so the client can have the user authorize more and send the call again. Nothing
/// reaches the API. Only OAuth callers are stepped up; a tool the path does not serve is left for the MCP server to
/// refuse as unknown (no authorization would make it callable there).
/// </summary>
internal sealed class ScopeStepUp(RequestDelegate next, ProtectedResources resources)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Features.Get<OAuthGrantFeature>() is { } oauth && McpConnectors.ToolsOf(context) is { } tools)
        {
            foreach (var name in await ToolCallName.ReadAsync(context.Request))
            {
                if (tools.Find(name)?.Descriptor.Scope is { } scope && !oauth.Grant.Scopes.Contains(scope))
                {
                    context.Features.Get<McpRequestRecord>()?.RefusedCall(name);
                    var ask = oauth.Path.Scopes.Where(known => known == scope || oauth.Grant.Scopes.Contains(known));
                    await BearerChallenge.WriteInsufficientScopeAsync(context.Response, resources, oauth.Path, ask,
                        $"{name} needs the '{scope}' scope, which this access token was not granted; authorize again with it (your MCP client can do this for you). Nothing was sent.");
                    return;
                }
            }
        }

        await next(context);
    }
}
