using System.Text.Json;
using System.Text.Json.Serialization;
using Refit;
using Segnals.Mcp.Runtime.Callers;
using Segnals.Mcp.Runtime.Http;

namespace Segnals.Mcp.Runtime.Tests.Testing;

/// <summary>One call as a test writes it: a raw path and query (already escaped), so paths no generated method would build can be tried too.</summary>
internal sealed record PipelineCall(ApiCaller Caller, HttpMethod Method, string PathAndQuery, string? Json);

/// <summary>The body as the generated client's callers get it (Undefined for an empty body).</summary>
internal sealed record PipelineResponse(JsonElement Body);

/// <summary>
/// Sends calls through the production HttpClient and handler chain (<see cref="ApiHttpClient"/>) exactly as the tools
/// do: the request built as Refit's generated code builds it (Refit's URL building, the production serializer for the
/// body, the caller in the request's options), then sent and read by <see cref="ApiExchange"/>.
/// </summary>
internal sealed class PipelineUnderTest(HttpClient client) : IDisposable
{
    private static readonly RefitSettings Settings = ApiRefitSettings.For(TestJsonContext.Default);

    public async Task<PipelineResponse> SendAsync(PipelineCall call, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(call.Method, GeneratedRequestRunner.BuildRelativeUri(client, call.PathAndQuery, Settings.UrlResolution));
        ApiRequestOptions.SetCaller(request, call.Caller);
        if (call.Json is { } json)
        {
            using var document = JsonDocument.Parse(json);
            request.Content = Settings.ContentSerializer.ToHttpContent(document.RootElement);
        }

        return new PipelineResponse(await ApiExchange.SendAsync(client, Task.FromResult(request), cancellationToken));
    }

    public void Dispose() => client.Dispose();
}

[JsonSerializable(typeof(JsonElement))]
internal sealed partial class TestJsonContext : JsonSerializerContext;
