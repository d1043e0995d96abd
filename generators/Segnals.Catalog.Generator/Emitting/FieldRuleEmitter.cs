using System.Collections.Generic;
using System.Linq;
using Segnals.Catalog.Generator.Model;
using static Segnals.Catalog.Generator.Emitting.RuntimeTypes;

namespace Segnals.Catalog.Generator.Emitting;

/// <summary>
/// Writes the rules of the fields inside an object parameter as runtime data (FieldRule trees), one
/// static array per parameter, which the generated Bind hands to the argument reader.
/// </summary>
internal static class FieldRuleEmitter
{
    /// <summary>The static field holding a parameter's field rules, or "null" when its object may hold any keys.</summary>
    public static string FieldsReference(ParameterModel parameter) => parameter.Properties is null ? "null" : FieldsName(parameter);

    public static void Emit(SourceWriter writer, ParameterModel parameter)
    {
        if (parameter.Properties is not { } fields)
        {
            return;
        }

        writer.Line("/// <summary>What each field inside '" + parameter.Name + "' must be, as the catalog states it.</summary>");
        writer.Line("private static readonly " + FieldRule + "[] " + FieldsName(parameter) + " = new " + FieldRule + "[]");
        writer.Line("{");
        writer.Indent();
        foreach (var field in fields)
        {
            WriteRule(writer, string.Empty, field, ",");
        }

        writer.Outdent();
        writer.Line("};");
        writer.Line();
    }

    private static string FieldsName(ParameterModel parameter) => parameter.PropertyName + "Fields";

    private static void WriteRule(SourceWriter writer, string prefix, FieldModel field, string end)
    {
        var create = prefix + "new " + FieldRule + "(" + CSharpLiteral.String(field.Name) + ", " + FieldType + "." + CSharpNames.Pascal(field.Type)
            + (field.Required ? ", Required: true" : string.Empty) + ")";
        var settings = ScalarSettings(field.Rules);
        if (field.Properties is null && field.Items is null)
        {
            writer.Line(create + (settings.Count == 0 ? string.Empty : " { " + string.Join(", ", settings) + " }") + end);
            return;
        }

        writer.Line(create);
        writer.Line("{");
        writer.Indent();
        foreach (var setting in settings)
        {
            writer.Line(setting + ",");
        }

        if (field.Properties is { } properties)
        {
            writer.Line("Properties = new " + FieldRule + "[]");
            writer.Line("{");
            writer.Indent();
            foreach (var property in properties)
            {
                WriteRule(writer, string.Empty, property, ",");
            }

            writer.Outdent();
            writer.Line("},");
        }

        if (field.Items is { } items)
        {
            WriteRule(writer, "Items = ", items, ",");
        }

        writer.Outdent();
        writer.Line("}" + end);
    }

    private static List<string> ScalarSettings(ParameterRules rules)
    {
        var settings = new (string Property, string? Value)[]
        {
            ("Min", rules.Min is { } min ? CSharpLiteral.NullableDouble(min) : null),
            ("Max", rules.Max is { } max ? CSharpLiteral.NullableDouble(max) : null),
            ("MinLength", rules.MinLength is { } minLength ? CSharpLiteral.NullableInt(minLength) : null),
            ("MaxLength", rules.MaxLength is { } maxLength ? CSharpLiteral.NullableInt(maxLength) : null),
            ("Pattern", rules.Pattern is { } pattern ? CSharpLiteral.String(pattern) : null),
            ("Enum", rules.Enum is { } values ? CSharpLiteral.StringArray(values) : null),
            ("MaxItems", rules.MaxItems is { } maxItems ? CSharpLiteral.NullableInt(maxItems) : null),
        };
        return settings.Where(setting => setting.Value is not null).Select(setting => setting.Property + " = " + setting.Value).ToList();
    }
}
