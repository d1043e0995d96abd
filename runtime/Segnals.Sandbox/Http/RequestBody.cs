using System.Text.Json;

namespace Segnals.Sandbox.Http;

/// <summary>
/// A write's JSON body with the checks every endpoint needs. Each failure is a 422 naming the field.
/// A JSON null counts as absent. <c>client</c> is always allowed and ignored.
/// </summary>
internal sealed class RequestBody
{
    private static readonly JsonDocument EmptyDocument = JsonDocument.Parse("{}");

    private RequestBody(JsonElement root, JsonDocument? document)
    {
        Root = root;
        Document = document;
    }

    public static RequestBody Empty { get; } = new(EmptyDocument.RootElement, null);

    public JsonElement Root { get; }

    /// <summary>The parsed document, for the request to dispose when it ends (null for an empty body).</summary>
    public JsonDocument? Document { get; }

    public static RequestBody Parse(ReadOnlyMemory<byte> utf8)
    {
        if (utf8.IsEmpty)
        {
            return Empty;
        }
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8, new JsonDocumentOptions { MaxDepth = 32 });
        }
        catch (JsonException)
        {
            throw ApiException.Validation("body", "Request body is not valid JSON");
        }
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            document.Dispose();
            throw ApiException.Validation("body", "Request body must be a JSON object");
        }
        return new RequestBody(document.RootElement, document);
    }

    /// <summary>Refuses any property not in <paramref name="allowed"/> (nor <c>client</c>).</summary>
    public void AllowOnly(params ReadOnlySpan<string> allowed)
    {
        foreach (var property in Root.EnumerateObject())
        {
            if (property.Name == "client")
            {
                continue;
            }
            var known = false;
            foreach (var name in allowed)
            {
                if (name == property.Name)
                {
                    known = true;
                    break;
                }
            }
            if (!known)
            {
                throw ApiException.Validation(property.Name, $"Unknown field '{property.Name}'; allowed: {string.Join(", ", allowed.ToArray())}, client.");
            }
        }
    }

    public bool Has(string name) => Root.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null;

    public JsonElement? Get(string name) => Root.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    public string? OptionalString(string name, int minLength, int maxLength)
    {
        if (Get(name) is not { } value)
        {
            return null;
        }
        if (value.ValueKind != JsonValueKind.String)
        {
            throw ApiException.Validation(name, $"{name} must be a string");
        }
        var text = value.GetString()!.Trim();
        if (text.Length < minLength || text.Length > maxLength)
        {
            throw ApiException.Validation(name, $"{name} must be {minLength} to {maxLength} characters");
        }
        return text;
    }

    public string RequiredString(string name, int minLength, int maxLength) =>
        OptionalString(name, minLength, maxLength) ?? throw ApiException.Validation(name, $"{name} is required");

    public string RequiredEnum(string name, IReadOnlyList<string> allowed) =>
        OptionalEnum(name, allowed) ?? throw ApiException.Validation(name, $"{name} is required; one of: {string.Join(", ", allowed)}");

    public string? OptionalEnum(string name, IReadOnlyList<string> allowed)
    {
        if (Get(name) is not { } value)
        {
            return null;
        }
        var text = value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        if (text is null || !allowed.Contains(text, StringComparer.Ordinal))
        {
            throw ApiException.Validation(name, $"{name} must be one of: {string.Join(", ", allowed)}");
        }
        return text;
    }

    public long RequiredId(string name)
    {
        if (Get(name) is not { } value)
        {
            throw ApiException.Validation(name, $"{name} is required");
        }
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var id) || id < 1)
        {
            throw ApiException.Validation(name, $"{name} must be an integer ≥ 1");
        }
        return id;
    }

    public double? OptionalNumber(string name, double min, double max)
    {
        if (Get(name) is not { } value)
        {
            return null;
        }
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var number) || !double.IsFinite(number))
        {
            throw ApiException.Validation(name, $"{name} must be a number");
        }
        if (number < min || number > max)
        {
            throw ApiException.Validation(name, $"{name} must be between {min} and {max}");
        }
        return number;
    }

    public bool RequiredBool(string name) => Get(name) switch
    {
        { ValueKind: JsonValueKind.True } => true,
        { ValueKind: JsonValueKind.False } => false,
        null => throw ApiException.Validation(name, $"{name} is required (true or false)"),
        _ => throw ApiException.Validation(name, $"{name} must be a boolean"),
    };

    public JsonElement? OptionalObject(string name)
    {
        if (Get(name) is not { } value)
        {
            return null;
        }
        return value.ValueKind == JsonValueKind.Object ? value : throw ApiException.Validation(name, $"{name} must be an object");
    }

    public JsonElement RequiredObject(string name) => OptionalObject(name) ?? throw ApiException.Validation(name, $"{name} is required");
}
