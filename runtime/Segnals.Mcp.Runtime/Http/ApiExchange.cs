using System.Text.Json;

namespace Segnals.Mcp.Runtime.Http;

/// <summary>
/// One call to the API: a request the generated Refit client built, sent through the handler chain of
/// <see cref="ApiHttpClient"/>, and its JSON answer. Refit builds (method, path and query escaping, body); the
/// handlers send, retry, bound and explain; this reads the body the innermost handler already holds.
/// </summary>
/// <remarks>
/// The Refit interface returns the built <see cref="HttpRequestMessage"/> (Refit's request-building mode) rather than
/// the answer: Refit's own send path put six more async layers and about a kilobyte of allocation on every call, and
/// repeated what the handlers already do (status checks, exception wrapping, deserializing), for nothing we use.
/// </remarks>
public static class ApiExchange
{
    /// <returns>The answer's JSON; Undefined when the API answered with an empty body.</returns>
    /// <exception cref="ApiCallException">Anything but a 2xx answer with a JSON (or empty) body, in one sentence.</exception>
    public static async Task<JsonElement> SendAsync(HttpClient http, Task<HttpRequestMessage> building, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(building);
        using var request = await building.ConfigureAwait(false);

        // The body is already read (AnswerBodyHandler): asking HttpClient to read it again would copy it once more.
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);

        // FailureTranslationHandler let through only a body that is one JSON value (or empty), parsed as it checked.
        BufferedResponseContent.TryReadJson(response, out var answer);
        return answer;
    }
}
