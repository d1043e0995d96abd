namespace Segnals.Mcp.Runtime.Http;

/// <summary>Why an API call failed, so callers can react without parsing messages.</summary>
public enum ApiErrorKind
{
    /// <summary>401: the key is invalid, expired or revoked.</summary>
    Unauthorized,

    /// <summary>403: the key lacks a scope (see <see cref="ApiCallException.RequiredScope"/>) or the plan forbids it.</summary>
    Forbidden,

    /// <summary>404: no such resource for this account.</summary>
    NotFound,

    /// <summary>409: the resource's state forbids the change.</summary>
    Conflict,

    /// <summary>400/422 and other client errors: the API rejected the request's values.</summary>
    Validation,

    /// <summary>429 from the API.</summary>
    RateLimited,

    /// <summary>This server's own per-minute budget is spent; nothing was sent.</summary>
    ClientRateLimited,

    /// <summary>5xx from the API.</summary>
    ServerError,

    /// <summary>No answer within the configured timeout.</summary>
    Timeout,

    /// <summary>The connection could not be made or broke before an answer arrived.</summary>
    Unreachable,

    /// <summary>The API answered with something that is not the expected JSON (or an unexpected redirect).</summary>
    InvalidResponse,

    /// <summary>The path is under a banned prefix (fund-moving or administrative); nothing was sent.</summary>
    BannedPath,
}
