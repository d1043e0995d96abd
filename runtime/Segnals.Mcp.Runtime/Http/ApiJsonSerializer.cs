using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Refit;

namespace Segnals.Mcp.Runtime.Http;

/// <summary>
/// Refit's JSON, from source-generated metadata only (trim and Native AOT safe). Request bodies become one
/// buffered <c>application/json</c> payload, so a retry sends the same bytes again; answers are read from the
/// body <see cref="Handlers.AnswerBodyHandler"/> already holds, without another copy.
/// </summary>
internal sealed class ApiJsonSerializer(JsonSerializerOptions options) : IHttpContentSerializer
{
    private static readonly System.Net.Http.Headers.MediaTypeHeaderValue JsonContentType = new("application/json");

    public HttpContent ToHttpContent<T>(T item)
    {
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(item, TypeInfo<T>()));
        content.Headers.ContentType = JsonContentType;
        return content;
    }

    public Task<T?> FromHttpContentAsync<T>(HttpContent content, CancellationToken cancellationToken = default) =>
        content is BufferedResponseContent buffered
            ? Task.FromResult(JsonSerializer.Deserialize(buffered.Body.Span, TypeInfo<T>()))
            : ReadStreamAsync<T>(content, cancellationToken);

    private async Task<T?> ReadStreamAsync<T>(HttpContent content, CancellationToken cancellationToken)
    {
        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            return await JsonSerializer.DeserializeAsync(stream, TypeInfo<T>(), cancellationToken).ConfigureAwait(false);
        }
    }

    public string? GetFieldNameForProperty(PropertyInfo propertyInfo) =>
        propertyInfo.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? propertyInfo.Name;

    private JsonTypeInfo<T> TypeInfo<T>() =>
        (JsonTypeInfo<T>?)options.GetTypeInfo(typeof(T))
        ?? throw new InvalidOperationException("No JSON metadata for " + typeof(T).FullName + "; add it to the catalog's JSON context.");
}
