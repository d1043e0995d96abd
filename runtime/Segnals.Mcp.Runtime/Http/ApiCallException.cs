namespace Segnals.Mcp.Runtime.Http;

/// <summary>
/// A failed API call. <see cref="Exception.Message"/> is one actionable sentence meant for the end user
/// or AI agent, and never contains the API key.
/// </summary>
public sealed class ApiCallException : Exception
{
    public ApiCallException(
        ApiErrorKind kind,
        string message,
        int? statusCode = null,
        string? requiredScope = null,
        TimeSpan? retryAfter = null,
        string? field = null,
        Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
        StatusCode = statusCode;
        RequiredScope = requiredScope;
        RetryAfter = retryAfter;
        Field = field;
    }

    public ApiErrorKind Kind { get; }

    /// <summary>The HTTP status, when the API answered.</summary>
    public int? StatusCode { get; }

    /// <summary>The scope a 403 said the key lacks.</summary>
    public string? RequiredScope { get; }

    /// <summary>How long to wait before trying again (429 and the client-side rate limit).</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>The request field a 422 named.</summary>
    public string? Field { get; }
}
