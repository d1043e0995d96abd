using System.Buffers;
using System.Text.Json;

namespace Segnals.Mcp.Runtime.Http;

/// <summary>
/// Builds a JSON object request body for generated client methods. Null values are left out, so an
/// optional argument the agent did not give never overwrites server state with null; properties are
/// written in the order they were added.
/// </summary>
public sealed class JsonBody
{
    // Values are kept and written on demand, so ToUtf8 can be called more than once and Add after it still works.
    private readonly List<KeyValuePair<string, Action<Utf8JsonWriter>>> _properties = [];

    public JsonBody Add(string name, string? value) =>
        value is null ? this : Remember(name, writer => writer.WriteStringValue(value));

    public JsonBody Add(string name, long? value) =>
        value is null ? this : Remember(name, writer => writer.WriteNumberValue(value.Value));

    public JsonBody Add(string name, double? value)
    {
        if (value is null)
        {
            return this;
        }

        // JSON has no NaN or infinity; fail here, naming the property, rather than inside the writer later.
        if (!double.IsFinite(value.Value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), $"Body property '{name}' must be a finite number.");
        }

        return Remember(name, writer => writer.WriteNumberValue(value.Value));
    }

    public JsonBody Add(string name, bool? value) =>
        value is null ? this : Remember(name, writer => writer.WriteBooleanValue(value.Value));

    /// <summary>
    /// Adds a JSON value as given (objects and arrays written raw). A JSON null or an undefined element
    /// counts as "not given" and is left out, like a C# null.
    /// </summary>
    public JsonBody Add(string name, JsonElement? value)
    {
        if (value is not { } element || element.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            return this;
        }

        // Clone so the body does not depend on the caller's JsonDocument staying alive.
        var owned = element.Clone();
        return Remember(name, writer => owned.WriteTo(writer));
    }

    public ReadOnlyMemory<byte> ToUtf8()
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (name, writeValue) in _properties)
            {
                writer.WritePropertyName(name);
                writeValue(writer);
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenMemory;
    }

    private JsonBody Remember(string name, Action<Utf8JsonWriter> writeValue)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);

        // A duplicate property is a generator or caller bug; servers disagree on which copy wins.
        if (_properties.Exists(property => property.Key == name))
        {
            throw new ArgumentException($"Body property '{name}' was added twice.", nameof(name));
        }

        _properties.Add(new(name, writeValue));
        return this;
    }
}
