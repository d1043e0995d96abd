namespace Segnals.Mcp.HttpServer.OAuth;

/// <summary>Why a request's OAuth credential was not accepted; <see cref="Exception.Message"/> is one sentence for the client, never quoting the token.</summary>
internal abstract class OAuthFailure(string message) : Exception(message);

/// <summary>The token is not good here (expired, forged, for another resource, revoked…): 401 invalid_token, and the client signs in again.</summary>
internal sealed class TokenRefusedException(string message) : OAuthFailure(message);

/// <summary>
/// This server could not check the token: the authorization server, its keys or its introspection endpoint did not
/// answer, or answered what cannot be trusted. Answered 503: failing closed, never letting the token through unchecked.
/// </summary>
internal sealed class AuthorizationServerUnavailableException(string message, Exception? inner = null) : OAuthFailure(message)
{
    public Exception? Cause { get; } = inner;
}
