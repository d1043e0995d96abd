using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Segnals.Sandbox.Http;

/// <summary>A finished response: status and JSON body bytes (kept as bytes so idempotent replays are exact).</summary>
internal sealed class ApiResult
{
    // Responses are application/json, never embedded in HTML, so HTML-sensitive characters and non-ASCII text stay readable.
    private static readonly JsonWriterOptions WriterOptions = new() { Indented = false, SkipValidation = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public ApiResult(int status, byte[] body, int? retryAfterSeconds = null)
    {
        Status = status;
        Body = body;
        RetryAfterSeconds = retryAfterSeconds;
    }

    public int Status { get; }

    public byte[] Body { get; }

    public int? RetryAfterSeconds { get; }

    public bool Replayed { get; init; }

    public static ApiResult Ok(Action<Utf8JsonWriter> writeProperties) => new(200, Object(writeProperties));

    public static ApiResult Ok<TState>(TState state, Action<Utf8JsonWriter, TState> writeProperties) => new(200, Object(state, writeProperties));

    public static ApiResult Error(int status, string message, string? field = null, string? required = null, int? retryAfter = null) =>
        new(status, Object(w =>
        {
            w.WriteString("message", message);
            if (field is not null)
            {
                w.WriteString("field", field);
            }
            if (required is not null)
            {
                w.WriteString("required", required);
            }
            if (retryAfter is { } seconds)
            {
                w.WriteNumber("retry_after", seconds);
            }
        }), retryAfter);

    public static byte[] Object(Action<Utf8JsonWriter> writeProperties) => Object(writeProperties, static (w, write) => write(w));

    public static byte[] Object<TState>(TState state, Action<Utf8JsonWriter, TState> writeProperties)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writeProperties(writer, state);
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }
}

/// <summary>Small JSON-writing conventions shared by the endpoints: ISO-8601 UTC times, rounded money.</summary>
internal static class JsonWriting
{
    private static readonly JsonSerializerOptions NodeOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Compact JSON text of a node, with the same escaping as responses (stored config, preferences).</summary>
    public static string ToJson(this JsonNode node) => node.ToJsonString(NodeOptions);

    public static string Iso(long unixMs) =>
        DateTimeOffset.FromUnixTimeMilliseconds(unixMs).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string Date(long unixMs) =>
        DateTimeOffset.FromUnixTimeMilliseconds(unixMs).UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static void WriteTime(this Utf8JsonWriter writer, string name, long? unixMs)
    {
        if (unixMs is { } ms)
        {
            writer.WriteString(name, Iso(ms));
        }
        else
        {
            writer.WriteNull(name);
        }
    }

    public static void WriteMoney(this Utf8JsonWriter writer, string name, double value) => writer.WriteNumber(name, Math.Round(value, 2, MidpointRounding.AwayFromZero));

    public static void WriteRounded(this Utf8JsonWriter writer, string name, double value, int decimals) =>
        writer.WriteNumber(name, Math.Round(value, decimals, MidpointRounding.AwayFromZero));

    public static void WriteNullableNumber(this Utf8JsonWriter writer, string name, double? value)
    {
        if (value is { } v)
        {
            writer.WriteNumber(name, v);
        }
        else
        {
            writer.WriteNull(name);
        }
    }

    public static void WriteNullableNumber(this Utf8JsonWriter writer, string name, long? value)
    {
        if (value is { } v)
        {
            writer.WriteNumber(name, v);
        }
        else
        {
            writer.WriteNull(name);
        }
    }

    /// <summary>Copies stored JSON text (config, performance) into the output as a property.</summary>
    public static void WriteRaw(this Utf8JsonWriter writer, string name, string json)
    {
        writer.WritePropertyName(name);
        writer.WriteRawValue(json, skipInputValidation: true);
    }
}
