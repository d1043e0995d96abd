using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using Refit;
using Segnals.Mcp.Runtime.Callers;
using Segnals.Mcp.Runtime.Http;

namespace Segnals.Mcp.Runtime.Tests.Testing;

/// <summary>One call as a test writes it: a raw path and query (already escaped), so paths no generated method would build can be tried too.</summary>
internal sealed record PipelineCall(ApiCaller Caller, HttpMethod Method, string PathAndQuery, string? Json);

/// <summary>The status and the body as the generated client would return it (Undefined for an empty body).</summary>
internal sealed record PipelineResponse(int StatusCode, JsonElement Body);

/// <summary>
/// Sends calls through the production HttpClient and handler chain (<see cref="ApiHttpClient"/>) exactly as the
/// Refit-generated client does: Refit's own URL building, the production serializer for the body, the caller in
/// the request's options, headers-read completion, and Refit's rule that an empty body reads as no value.
/// </summary>
internal sealed class PipelineUnderTest(HttpClient client) : IDisposable
{
    private static readonly RefitSettings Settings = ApiRefitSettings.For(TestJsonContext.Default);

    public async Task<PipelineResponse> SendAsync(PipelineCall call, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(call.Method, GeneratedRequestRunner.BuildRelativeUri(client, call.PathAndQuery, Settings.UrlResolution));
        ApiRequestOptions.SetCaller(request, call.Caller);
        if (call.Json is { } json)
        {
            using var document = JsonDocument.Parse(json);
            request.Content = Settings.ContentSerializer.ToHttpContent(document.RootElement);
        }

        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            var body = response.StatusCode == HttpStatusCode.NoContent || response.Content.Headers.ContentLength == 0
                ? default
                : await Settings.ContentSerializer.FromHttpContentAsync<JsonElement>(response.Content, cancellationToken);
            return new PipelineResponse((int)response.StatusCode, body);
        }
        catch (Exception failure)
        {
            // What the generated client surfaces: Refit hands transport exceptions to this factory.
            throw Settings.TransportExceptionFactory(request, failure, cancellationToken);
        }
    }

    public void Dispose() => client.Dispose();
}

[JsonSerializable(typeof(JsonElement))]
internal sealed partial class TestJsonContext : JsonSerializerContext;
