using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Segnals.Mcp.Runtime.Tools;

/// <summary>
/// Reads a tool call's arguments against the catalog's rules. Generated Bind methods call one
/// Required*/Optional* method per parameter; every problem is collected (not thrown) so the
/// model gets all of them at once, each naming the argument and what is allowed. Fields inside an
/// object parameter are checked against their <see cref="FieldRule"/>s and named by their path
/// ('preferences.daily_report.hour_utc'); they are sent as given, so their JSON types must be exact.
/// </summary>
public sealed class ArgumentReader
{
    private static readonly ConcurrentDictionary<string, Regex> Patterns = new(StringComparer.Ordinal);
    private static readonly IReadOnlyDictionary<string, JsonElement> NoArguments = new Dictionary<string, JsonElement>();

    private readonly IReadOnlyDictionary<string, JsonElement> _arguments;
    private readonly List<string> _problems = new();

    public ArgumentReader(IDictionary<string, JsonElement>? arguments, IReadOnlyList<string> parameterNames, IReadOnlyCollection<string> controlNames)
    {
        _arguments = arguments is null ? NoArguments : new Dictionary<string, JsonElement>(arguments, StringComparer.Ordinal);
        foreach (var name in _arguments.Keys.Where(name => !parameterNames.Contains(name) && !controlNames.Contains(name)).OrderBy(name => name, StringComparer.Ordinal))
        {
            var allowed = parameterNames.Concat(controlNames).ToList();
            _problems.Add($"'{name}' is not a parameter of this tool (allowed: {(allowed.Count == 0 ? "none" : string.Join(", ", allowed))}).");
        }
    }

    public IReadOnlyList<string> Problems => _problems;

    public bool IsValid => _problems.Count == 0;

    public IReadOnlyDictionary<string, JsonElement> Raw => _arguments;

    public string Describe() => "Invalid arguments: " + string.Join(" ", _problems) + " Nothing was sent.";

    public long RequiredInteger(string name, long? min, long? max) => OptionalInteger(name, min, max, required: true) ?? 0;

    public long? OptionalInteger(string name, long? min, long? max) => OptionalInteger(name, min, max, required: false);

    public double RequiredNumber(string name, double? min, double? max) => OptionalNumber(name, min, max, required: true) ?? 0;

    public double? OptionalNumber(string name, double? min, double? max) => OptionalNumber(name, min, max, required: false);

    public string RequiredString(string name, int? minLength, int? maxLength, string? pattern, string[]? allowed) =>
        OptionalString(name, minLength, maxLength, pattern, allowed, required: true) ?? string.Empty;

    public string? OptionalString(string name, int? minLength, int? maxLength, string? pattern, string[]? allowed) =>
        OptionalString(name, minLength, maxLength, pattern, allowed, required: false);

    public bool RequiredBoolean(string name) => OptionalBoolean(name, required: true) ?? false;

    public bool? OptionalBoolean(string name) => OptionalBoolean(name, required: false);

    /// <param name="fields">The object's only allowed keys and what each must be; null for an object of any keys.</param>
    public JsonElement RequiredObject(string name, FieldRule[]? fields) => OptionalObject(name, fields, required: true) ?? default;

    public JsonElement? OptionalObject(string name, FieldRule[]? fields) => OptionalObject(name, fields, required: false);

    /// <summary>The catalog's require_one_of: at least one of these arguments must be given (not null).</summary>
    public void RequireOneOf(params string[] names)
    {
        if (!names.Any(name => _arguments.TryGetValue(name, out var value) && value.ValueKind != JsonValueKind.Null))
        {
            var quoted = names.Select(name => $"'{name}'").ToList();
            _problems.Add($"Give at least one of {string.Join(", ", quoted.Take(quoted.Count - 1))} or {quoted[^1]}.");
        }
    }

    /// <summary>Reads a control argument (confirm, confirmation_token) that is not part of the typed arguments.</summary>
    public bool ReadConfirm() => _arguments.TryGetValue("confirm", out var value) && value.ValueKind == JsonValueKind.True;

    public string? ReadConfirmationToken() =>
        _arguments.TryGetValue("confirmation_token", out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public void ValidateControlArguments()
    {
        if (_arguments.TryGetValue("confirm", out var confirm) && confirm.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            _problems.Add($"'confirm' must be true or false, not {Describe(confirm)}.");
        }

        if (_arguments.TryGetValue("confirmation_token", out var token) && token.ValueKind != JsonValueKind.String)
        {
            _problems.Add($"'confirmation_token' must be the text returned by the preview, not {Describe(token)}.");
        }
    }

    private bool TryGet(string name, bool required, out JsonElement value)
    {
        if (_arguments.TryGetValue(name, out value) && value.ValueKind != JsonValueKind.Null)
        {
            return true;
        }

        if (required)
        {
            _problems.Add($"'{name}' is required.");
        }

        return false;
    }

    private long? OptionalInteger(string name, long? min, long? max, bool required) =>
        TryGet(name, required, out var value) ? Integer(name, value, min, max, lenient: true) : null;

    private double? OptionalNumber(string name, double? min, double? max, bool required) =>
        TryGet(name, required, out var value) ? Number(name, value, min, max, lenient: true) : null;

    private string? OptionalString(string name, int? minLength, int? maxLength, string? pattern, string[]? allowed, bool required) =>
        TryGet(name, required, out var value) ? Text(name, value, minLength, maxLength, pattern, allowed) : null;

    private bool? OptionalBoolean(string name, bool required) =>
        TryGet(name, required, out var value) ? Boolean(name, value) : null;

    private JsonElement? OptionalObject(string name, FieldRule[]? fields, bool required)
    {
        if (!TryGet(name, required, out var value))
        {
            return null;
        }

        var problemsBefore = _problems.Count;
        Object(name, value, fields);
        return _problems.Count == problemsBefore ? value.Clone() : null;
    }

    /// <param name="lenient">Accept a whole number sent as text ("42"), as models often do; only for top-level
    /// arguments, which are re-serialized typed. A nested value is sent as given, so it must be a JSON number.</param>
    private long? Integer(string path, JsonElement value, double? min, double? max, bool lenient)
    {
        long number;
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out number))
        {
        }
        else if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var real) && real == Math.Floor(real) && Math.Abs(real) < 9e15)
        {
            number = (long)real;
        }
        else if (lenient && value.ValueKind == JsonValueKind.String && long.TryParse(value.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out number))
        {
        }
        else
        {
            _problems.Add($"'{path}' must be a whole number{Range(min, max)}, not {Describe(value)}.");
            return null;
        }

        if ((min is not null && number < min) || (max is not null && number > max))
        {
            _problems.Add($"'{path}' must be{Range(min, max)}; got {number.ToString(CultureInfo.InvariantCulture)}.");
            return null;
        }

        return number;
    }

    private double? Number(string path, JsonElement value, double? min, double? max, bool lenient)
    {
        double number;
        if (value.ValueKind == JsonValueKind.Number)
        {
            number = value.GetDouble();
        }
        else if (lenient && value.ValueKind == JsonValueKind.String && double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out number) && double.IsFinite(number))
        {
        }
        else
        {
            _problems.Add($"'{path}' must be a number{Range(min, max)}, not {Describe(value)}.");
            return null;
        }

        if ((min is not null && number < min) || (max is not null && number > max))
        {
            _problems.Add($"'{path}' must be{Range(min, max)}; got {number.ToString(CultureInfo.InvariantCulture)}.");
            return null;
        }

        return number;
    }

    private string? Text(string path, JsonElement value, int? minLength, int? maxLength, string? pattern, string[]? allowed)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            _problems.Add($"'{path}' must be text{(allowed is null ? string.Empty : " (one of " + string.Join(", ", allowed) + ")")}, not {Describe(value)}.");
            return null;
        }

        var text = value.GetString()!;
        if (allowed is not null && !allowed.Contains(text, StringComparer.Ordinal))
        {
            _problems.Add($"'{path}' must be one of {string.Join(", ", allowed)}; got \"{Shorten(text)}\".");
            return null;
        }

        if ((minLength is not null && text.Length < minLength) || (maxLength is not null && text.Length > maxLength))
        {
            _problems.Add($"'{path}' must be {minLength ?? 0} to {(maxLength is null ? "any number of" : maxLength.Value.ToString(CultureInfo.InvariantCulture))} characters; got {text.Length}.");
            return null;
        }

        if (pattern is not null && !Patterns.GetOrAdd(pattern, static p => new Regex(p, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100))).IsMatch(text))
        {
            _problems.Add($"'{path}' must match {pattern}; got \"{Shorten(text)}\".");
            return null;
        }

        return text;
    }

    private bool? Boolean(string path, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.True:
                return true;
            case JsonValueKind.False:
                return false;
            default:
                _problems.Add($"'{path}' must be true or false, not {Describe(value)}.");
                return null;
        }
    }

    private void Object(string path, JsonElement value, FieldRule[]? fields)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            _problems.Add($"'{path}' must be an object, not {Describe(value)}.");
            return;
        }

        if (fields is null)
        {
            return;
        }

        var unknown = value.EnumerateObject().Select(property => property.Name).Where(key => !fields.Any(field => field.Name == key)).ToList();
        if (unknown.Count > 0)
        {
            _problems.Add($"'{path}' may only have the keys {string.Join(", ", fields.Select(field => field.Name))}; unknown: {string.Join(", ", unknown)}.");
            return;
        }

        foreach (var field in fields)
        {
            if (value.TryGetProperty(field.Name, out var nested))
            {
                Check(path + "." + field.Name, nested, field);
            }
            else if (field.Required)
            {
                _problems.Add($"'{path}.{field.Name}' is required.");
            }
        }
    }

    private void List(string path, JsonElement value, FieldRule rule)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            _problems.Add($"'{path}' must be a list, not {Describe(value)}.");
            return;
        }

        var count = value.GetArrayLength();
        if (rule.MaxItems is { } maxItems && count > maxItems)
        {
            _problems.Add($"'{path}' may hold at most {maxItems.ToString(CultureInfo.InvariantCulture)} items; got {count.ToString(CultureInfo.InvariantCulture)}.");
            return;
        }

        if (rule.Items is not { } items)
        {
            return;
        }

        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            Check(string.Create(CultureInfo.InvariantCulture, $"{path}[{index++}]"), item, items);
        }
    }

    private void Check(string path, JsonElement value, FieldRule rule)
    {
        switch (rule.Type)
        {
            case FieldType.Integer:
                Integer(path, value, rule.Min, rule.Max, lenient: false);
                break;
            case FieldType.Number:
                Number(path, value, rule.Min, rule.Max, lenient: false);
                break;
            case FieldType.Boolean:
                Boolean(path, value);
                break;
            case FieldType.Object:
                Object(path, value, rule.Properties);
                break;
            case FieldType.Array:
                List(path, value, rule);
                break;
            default:
                Text(path, value, rule.MinLength, rule.MaxLength, rule.Pattern, rule.Enum);
                break;
        }
    }

    private static string Range(double? min, double? max) => (min, max) switch
    {
        (null, null) => string.Empty,
        ({ } low, null) => " ≥ " + low.ToString(CultureInfo.InvariantCulture),
        (null, { } high) => " ≤ " + high.ToString(CultureInfo.InvariantCulture),
        ({ } low, { } high) => " from " + low.ToString(CultureInfo.InvariantCulture) + " to " + high.ToString(CultureInfo.InvariantCulture),
    };

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => "the text \"" + Shorten(value.GetString() ?? string.Empty) + "\"",
        JsonValueKind.Number => "the number " + value.GetRawText(),
        JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
        JsonValueKind.Array => "a list",
        JsonValueKind.Object => "an object",
        _ => "null",
    };

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
