using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using Segnals.Mcp.HttpServer.Web;

namespace Segnals.Mcp.HttpServer.OAuth;

/// <summary>
/// The answers that send an MCP client into the OAuth flow (RFC 6750 §3, RFC 9728 §5.1, MCP authorization): 401 with
/// where the path's metadata is and the scopes to ask for; 403 insufficient_scope naming the scopes the call needs
/// (step-up); 503 when the token could not be checked. Each with a JSON-RPC error body saying it in a sentence.
/// Descriptions are this server's own sentences, never the token or anything it contained.
/// </summary>
internal static class BearerChallenge
{
    public static Task WriteUnauthorizedAsync(HttpResponse response, ProtectedResources resources, ProtectedPath path, string? description)
    {
        response.Headers.WWWAuthenticate = Unauthorized(resources, path, description);
        return JsonRpcErrorResponse.WriteAsync(response, StatusCodes.Status401Unauthorized, description is null
            ? "Unauthorized: sign in to Segnals. Your MCP client finds how in this answer's WWW-Authenticate header (OAuth 2.1: the resource metadata, then the authorization server)."
            : "Unauthorized: " + description);
    }

    /// <summary>The 401 header alone, for an answer whose status is changed as it starts (see <see cref="RevokedGrantAnswer"/>).</summary>
    public static string Unauthorized(ProtectedResources resources, ProtectedPath path, string? description) =>
        $"Bearer resource_metadata=\"{resources.MetadataUrlOf(path)}\", scope=\"{path.ScopeText}\""
        + (description is null ? string.Empty : $", error=\"invalid_token\", error_description=\"{Quoted(description)}\"");

    /// <param name="scopes">What to ask for: the scopes already granted and the one the call needs, so re-authorizing loses nothing.</param>
    public static Task WriteInsufficientScopeAsync(HttpResponse response, ProtectedResources resources, ProtectedPath path, IEnumerable<string> scopes, string description)
    {
        response.Headers.WWWAuthenticate =
            $"Bearer error=\"insufficient_scope\", scope=\"{string.Join(' ', scopes)}\", resource_metadata=\"{resources.MetadataUrlOf(path)}\", error_description=\"{Quoted(description)}\"";
        return JsonRpcErrorResponse.WriteAsync(response, StatusCodes.Status403Forbidden, "Forbidden: " + description);
    }

    public static Task WriteUnavailableAsync(HttpResponse response, string description)
    {
        response.Headers[HeaderNames.RetryAfter] = "5";
        return JsonRpcErrorResponse.WriteAsync(response, StatusCodes.Status503ServiceUnavailable, "Service Unavailable: " + description);
    }

    // A quoted-string may not hold a double quote or a backslash unescaped (RFC 9110 §5.6.4), and clients that split the
    // header's parameters on commas (the MCP C# SDK does) would cut a description at one: ours need none of the three.
    private static string Quoted(string text) => text.Replace('"', '\'').Replace('\\', '/').Replace(',', ';');
}
