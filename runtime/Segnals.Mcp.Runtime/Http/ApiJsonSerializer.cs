using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Refit;

namespace Segnals.Mcp.Runtime.Http;

/// <summary>
/// Refit's JSON, from source-generated metadata only (trim and Native AOT safe). Request bodies become one
/// buffered <c>application/json</c> payload, so a retry sends the same bytes again. Answers are not Refit's to read
/// (the catalog's client returns built requests; <see cref="ApiExchange"/> reads the answers), so reading one here
/// is only the interface's plain whole-body read.
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

    public async Task<T?> FromHttpContentAsync<T>(HttpContent content, CancellationToken cancellationToken = default) =>
        JsonSerializer.Deserialize(await content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false), TypeInfo<T>());

    public string? GetFieldNameForProperty(PropertyInfo propertyInfo) =>
        propertyInfo.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? propertyInfo.Name;

    private JsonTypeInfo<T> TypeInfo<T>() =>
        (JsonTypeInfo<T>?)options.GetTypeInfo(typeof(T))
        ?? throw new InvalidOperationException("No JSON metadata for " + typeof(T).FullName + "; add it to the catalog's JSON context.");
}
