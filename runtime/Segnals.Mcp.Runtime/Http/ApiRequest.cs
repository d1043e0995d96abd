using Segnals.Mcp.Runtime.Callers;

namespace Segnals.Mcp.Runtime.Http;

/// <summary>
/// One call to the Segnals REST API, as built by a generated client method.
/// </summary>
/// <param name="Caller">Whose call this is: its key authorises the request and its budget pays for it.</param>
/// <param name="Method">The HTTP method.</param>
/// <param name="PathTemplate">The catalog's path template (e.g. "/bots/{id}/logs"), kept for diagnostics and metrics
/// because it names the endpoint without carrying user data.</param>
/// <param name="PathAndQuery">Relative to the API base, starts with '/', path values already URL-escaped,
/// e.g. "/bots/42/logs?limit=50".</param>
/// <param name="JsonBody">The UTF-8 JSON body, or null when the request has none.</param>
public sealed record ApiRequest(ApiCaller Caller, HttpMethod Method, string PathTemplate, string PathAndQuery, ReadOnlyMemory<byte>? JsonBody);
