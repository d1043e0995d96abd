using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Segnals.Mcp.HttpServer.Callers;
using Segnals.Mcp.Runtime.Configuration;

namespace Segnals.Mcp.HttpServer.Web;

/// <summary>
/// Authenticates a request by the caller's own Segnals API key, sent as `Authorization: Bearer sk_…`. The key
/// must be well-formed; whether the API accepts it is the API's to say, per call. A missing credential is
/// challenged with 401 and `WWW-Authenticate: Bearer`; a malformed one also says it is invalid, never echoing it.
/// With OAuth on, <see cref="OAuth.OAuthAuthenticationHandler"/> takes its place (and accepts keys only when allowed).
/// </summary>
internal sealed class KeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    CallerCache callers)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "SegnalsApiKey";

    public const string NotBearer = "The Authorization header must be 'Bearer ' followed by your Segnals API key.";

    public const string Malformed = "The bearer token is not a Segnals API key (sk_live_ or sk_test_ followed by at least 16 letters, digits, '_' or '-').";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var key = BearerCredential.Read(Request, out var malformed);
        if (key is null)
        {
            return Task.FromResult(malformed ? AuthenticateResult.Fail(NotBearer) : AuthenticateResult.NoResult());
        }

        return Task.FromResult(ApiKeyFormat.IsWellFormed(key)
            ? AuthenticatedCaller.Success(Context, callers.For(key), SchemeName)
            : AuthenticateResult.Fail(Malformed));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var failure = (await HandleAuthenticateOnceSafeAsync()).Failure?.Message;
        Response.Headers.WWWAuthenticate = failure is null
            ? "Bearer"
            : $"Bearer error=\"invalid_token\", error_description=\"{failure.Replace('"', '\'')}\"";
        await JsonRpcErrorResponse.WriteAsync(Response, StatusCodes.Status401Unauthorized, failure is null
            ? "Unauthorized: send your Segnals API key as 'Authorization: Bearer sk_live_…' (create one at segnals.com → Settings → API Keys)."
            : "Unauthorized: " + failure);
    }
}
