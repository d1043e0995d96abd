using System.Globalization;
using System.Text;
using Segnals.Catalog.Generator.Parsing;

namespace Segnals.Catalog.Generator.Emitting;

/// <summary>Small writer for compact, deterministic JSON text (invariant numbers, fixed key order).</summary>
internal sealed class JsonText
{
    private readonly StringBuilder _builder = new();
    private bool _needsComma;

    public JsonText StartObject(string? property = null) => Open(property, '{');

    public JsonText EndObject() => Close('}');

    public JsonText StartArray(string? property = null) => Open(property, '[');

    public JsonText EndArray() => Close(']');

    public JsonText String(string property, string value) => Property(property).RawValue(YamlJson.QuoteString(value));

    public JsonText StringItem(string value) => Separator().RawValue(YamlJson.QuoteString(value));

    public JsonText Number(string property, double value) => Property(property).RawValue(FormatNumber(value));

    public JsonText Boolean(string property, bool value) => Property(property).RawValue(value ? "true" : "false");

    public JsonText Raw(string property, string json) => Property(property).RawValue(json);

    public override string ToString() => _builder.ToString();

    public static string FormatNumber(double value) =>
        value == System.Math.Floor(value) && System.Math.Abs(value) < 1e15
            ? ((long)value).ToString(CultureInfo.InvariantCulture)
            : value.ToString("R", CultureInfo.InvariantCulture);

    private JsonText Open(string? property, char bracket)
    {
        if (property is null)
        {
            Separator();
        }
        else
        {
            Property(property);
        }

        _builder.Append(bracket);
        _needsComma = false;
        return this;
    }

    private JsonText Close(char bracket)
    {
        _builder.Append(bracket);
        _needsComma = true;
        return this;
    }

    private JsonText Property(string name)
    {
        Separator();
        _builder.Append(YamlJson.QuoteString(name)).Append(':');
        return this;
    }

    private JsonText Separator()
    {
        if (_needsComma)
        {
            _builder.Append(',');
        }

        _needsComma = false;
        return this;
    }

    private JsonText RawValue(string json)
    {
        _builder.Append(json);
        _needsComma = true;
        return this;
    }
}
