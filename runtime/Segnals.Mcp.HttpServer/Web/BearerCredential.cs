using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Segnals.Mcp.HttpServer.Web;

/// <summary>The credential of an `Authorization: Bearer …` header (RFC 6750 §2.1); the only place a request sends one.</summary>
internal static class BearerCredential
{
    private const string Prefix = "Bearer ";

    /// <summary>What follows "Bearer "; null when there is no Authorization header (<paramref name="malformed"/> false) or it is not one bearer credential (true).</summary>
    public static string? Read(HttpRequest request, out bool malformed)
    {
        var header = request.Headers[HeaderNames.Authorization];
        malformed = header.Count > 0;
        if (header.Count != 1 || header.ToString() is not { } value || !value.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var credential = value[Prefix.Length..].Trim();
        malformed = credential.Length == 0 || credential.Contains(' ', StringComparison.Ordinal);
        return malformed ? null : credential;
    }
}
