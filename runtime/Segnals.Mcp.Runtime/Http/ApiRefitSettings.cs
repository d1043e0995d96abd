using System.Text.Json;
using System.Text.Json.Serialization;
using Refit;

namespace Segnals.Mcp.Runtime.Http;

/// <summary>The Refit settings the generated client runs with, over the handler chain of <see cref="ApiHttpClient"/>.</summary>
public static class ApiRefitSettings
{
    /// <param name="json">The catalog's source-generated JSON context: its request bodies and <see cref="JsonElement"/>, what every method returns.</param>
    public static RefitSettings For(JsonSerializerContext json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return new RefitSettings(new ApiJsonSerializer(json.Options))
        {
            // Bodies are serialized before sending (one byte array), never streamed: a retry resends them.
            Buffered = true,

            // The handlers already turned every failure into an ApiCallException with a one-sentence message;
            // Refit's own wrapping would hide it (and the caller's cancellation stays a cancellation).
            TransportExceptionFactory = static (_, exception, _) => exception,
        };
    }
}
