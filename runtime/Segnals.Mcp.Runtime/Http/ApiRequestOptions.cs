using Segnals.Mcp.Runtime.Callers;

namespace Segnals.Mcp.Runtime.Http;

/// <summary>
/// What travels with each request through the handler chain, in <see cref="HttpRequestMessage.Options"/>:
/// whose call it is (put there by the generated client's <c>[Property]</c> parameter) and how many attempts it took.
/// Per request, never ambient: one client serves every caller of a hosted server at the same time.
/// </summary>
public static class ApiRequestOptions
{
    /// <summary>The key the generated client stores the <see cref="ApiCaller"/> under.</summary>
    public const string CallerKey = "Segnals.Caller";

    private static readonly HttpRequestOptionsKey<ApiCaller> Caller = new(CallerKey);
    private static readonly HttpRequestOptionsKey<int> Attempts = new("Segnals.Attempts");

    /// <summary>Sets the caller of a request built by hand (the generated client sets it itself).</summary>
    public static void SetCaller(HttpRequestMessage request, ApiCaller caller)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(caller);
        request.Options.Set(Caller, caller);
    }

    /// <summary>The request's caller; a request without one is a programming error and is never sent.</summary>
    internal static ApiCaller CallerOf(HttpRequestMessage request) =>
        request.Options.TryGetValue(Caller, out var caller) && caller is not null
            ? caller
            : throw new InvalidOperationException("A Segnals API request must carry its ApiCaller in HttpRequestMessage.Options (key '" + CallerKey + "').");

    internal static void SetAttempts(HttpRequestMessage request, int attempts) => request.Options.Set(Attempts, attempts);

    /// <summary>How many times the request was sent; 1 when it was never retried.</summary>
    internal static int AttemptsOf(HttpRequestMessage request) =>
        request.Options.TryGetValue(Attempts, out var attempts) ? Math.Max(1, attempts) : 1;
}
