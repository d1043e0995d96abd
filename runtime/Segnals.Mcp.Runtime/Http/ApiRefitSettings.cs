using System.Text.Json.Serialization;
using Refit;

namespace Segnals.Mcp.Runtime.Http;

/// <summary>The Refit settings the generated client builds its requests with; <see cref="ApiExchange"/> sends them.</summary>
public static class ApiRefitSettings
{
    /// <param name="json">The catalog's source-generated JSON context: its request bodies.</param>
    public static RefitSettings For(JsonSerializerContext json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return new RefitSettings(new ApiJsonSerializer(json.Options))
        {
            // Bodies are serialized before sending (one byte array), never streamed: a retry resends them.
            Buffered = true,
        };
    }
}
