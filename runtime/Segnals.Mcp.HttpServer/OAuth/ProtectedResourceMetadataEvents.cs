using ModelContextProtocol.AspNetCore.Authentication;

namespace Segnals.Mcp.HttpServer.OAuth;

/// <summary>
/// Fills in the SDK handler's RFC 9728 document for the path it is asked about (its resource, scopes and issuer), and
/// lets a path naming no resource here fall through to a 404.
/// </summary>
internal static class ProtectedResourceMetadataEvents
{
    public static McpAuthenticationEvents For(ProtectedResources resources) => new()
    {
        OnResourceMetadataRequest = context =>
        {
            context.Request.Path.StartsWithSegments(ProtectedResources.MetadataPrefix, out var suffix);
            if (resources.MetadataAt(suffix) is { } metadata)
            {
                context.ResourceMetadata = metadata;
                context.Response.Headers.CacheControl = "public, max-age=300";
            }
            else
            {
                context.SkipHandler();
            }

            return Task.CompletedTask;
        },
    };
}
