using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Segnals.Mcp.HttpServer.Callers;
using Segnals.Mcp.HttpServer.Telemetry;
using Segnals.Mcp.Runtime.Callers;
using Segnals.Mcp.Runtime.Configuration;

namespace Segnals.Mcp.HttpServer.Web;

/// <summary>The caller a request was authenticated as; only this server's own code reads it.</summary>
internal sealed record ApiCallerFeature(ApiCaller Caller);

/// <summary>
/// Authenticates a request by the caller's own Segnals API key, sent as `Authorization: Bearer sk_…`. The key
/// must be well-formed; whether the API accepts it is the API's to say, per call. A missing credential is
/// challenged with 401 and `WWW-Authenticate: Bearer`; a malformed one also says it is invalid, never echoing it.
/// An ASP.NET Core authentication scheme, so that the OAuth schemes to come sit beside it.
/// </summary>
internal sealed class KeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    CallerCache callers)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "SegnalsApiKey";

    /// <summary>The authorization policy the MCP endpoints require.</summary>
    public const string PolicyName = "SegnalsCaller";

    public const string CallerIdClaim = "segnals_caller";

    private const string BearerPrefix = "Bearer ";

    private const string NotBearer = "The Authorization header must be 'Bearer ' followed by your Segnals API key.";

    private const string Malformed = "The bearer token is not a Segnals API key (sk_live_ or sk_test_ followed by at least 16 letters, digits, '_' or '-').";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers[HeaderNames.Authorization];
        if (header.Count == 0)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var value = header.Count == 1 ? header.ToString() : string.Empty;
        if (!value.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return Task.FromResult(AuthenticateResult.Fail(NotBearer));
        }

        var key = value[BearerPrefix.Length..].Trim();
        if (!ApiKeyFormat.IsWellFormed(key))
        {
            return Task.FromResult(AuthenticateResult.Fail(Malformed));
        }

        var caller = callers.For(key);
        Context.Features.Set(new ApiCallerFeature(caller));
        if (Context.Features.Get<McpRequestRecord>() is { } record)
        {
            record.CallerId = caller.Id;
        }

        var identity = new ClaimsIdentity([new Claim(CallerIdClaim, caller.Id)], SchemeName, CallerIdClaim, null);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
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
