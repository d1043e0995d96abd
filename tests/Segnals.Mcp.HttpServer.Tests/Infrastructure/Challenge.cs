using System.Net.Http.Headers;
using Xunit;

namespace Segnals.Mcp.HttpServer.Tests.Infrastructure;

/// <summary>Reads and checks the WWW-Authenticate challenge of a 401 or 403.</summary>
internal static class Challenge
{
    public static AuthenticationHeaderValue Of(HttpResponseMessage response)
    {
        var challenge = Assert.Single(response.Headers.WwwAuthenticate);
        Assert.Equal("Bearer", challenge.Scheme);
        return challenge;
    }

    /// <summary>A parameter's value (unquoted), or null.</summary>
    public static string? Parameter(AuthenticationHeaderValue challenge, string name)
    {
        var text = challenge.Parameter ?? string.Empty;
        var at = text.IndexOf(name + "=\"", StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }

        var start = at + name.Length + 2;
        return text[start..text.IndexOf('"', start)];
    }

    /// <summary>401 pointing at the path's metadata and naming its scopes; with <paramref name="invalidToken"/>, also error="invalid_token".</summary>
    public static void AssertUnauthorized(int status, HttpResponseMessage response, string publicOrigin, string path, bool invalidToken)
    {
        Assert.Equal(401, status);
        var challenge = Of(response);
        Assert.Equal($"{publicOrigin}/.well-known/oauth-protected-resource{path}", Parameter(challenge, "resource_metadata"));
        Assert.Contains("read:bots", Parameter(challenge, "scope")!.Split(' '));
        Assert.Equal(invalidToken ? "invalid_token" : null, Parameter(challenge, "error"));
    }
}
