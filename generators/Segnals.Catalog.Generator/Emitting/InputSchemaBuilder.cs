using System.Collections.Generic;
using System.Linq;
using Segnals.Catalog.Generator.Model;

namespace Segnals.Catalog.Generator.Emitting;

/// <summary>
/// Builds a tool's JSON Schema (draft 2020-12, MCP's default dialect, so no "$schema" key is
/// spent on it) once, at build time. Unknown properties are refused.
/// </summary>
internal static class InputSchemaBuilder
{
    public static string Build(IReadOnlyList<ParameterModel> parameters, IReadOnlyList<string> requireOneOf, bool confirm)
    {
        // tools/list is read by the model on every conversation: every byte here costs tokens, so
        // empty parts are left out and the confirmation arguments are explained once, in the
        // server instructions and the tool description, rather than in every schema.
        var json = new JsonText().StartObject().String("type", "object");
        if (parameters.Count > 0 || confirm)
        {
            json.StartObject("properties");
            foreach (var parameter in parameters)
            {
                WriteParameter(json, parameter);
            }

            if (confirm)
            {
                json.StartObject("confirm").String("type", "boolean").EndObject();
                json.StartObject("confirmation_token").String("type", "string").EndObject();
            }

            json.EndObject();
        }
        WriteRequired(json, parameters.Where(parameter => parameter.Required).Select(parameter => parameter.Name));

        if (requireOneOf.Count > 0)
        {
            json.StartArray("anyOf");
            foreach (var name in requireOneOf)
            {
                json.StartObject().StartArray("required").StringItem(name).EndArray().EndObject();
            }

            json.EndArray();
        }

        return json.Boolean("additionalProperties", false).EndObject().ToString();
    }

    private static void WriteParameter(JsonText json, ParameterModel parameter) =>
        WriteValue(json, parameter.Name, parameter.Type, parameter.Rules, parameter.Properties, items: null, parameter.Description);

    private static void WriteField(JsonText json, string property, FieldModel field) =>
        WriteValue(json, property, field.Type, field.Rules, field.Properties, field.Items, field.Description);

    /// <summary>One value's schema: a parameter's, or a field's inside it, with every rule the catalog states.</summary>
    private static void WriteValue(JsonText json, string property, string type, ParameterRules rules, EquatableArray<FieldModel>? properties, FieldModel? items, string description)
    {
        json.StartObject(property).String("type", type);
        if (rules.Enum is { } values)
        {
            json.StartArray("enum");
            foreach (var value in values)
            {
                json.StringItem(value);
            }

            json.EndArray();
        }

        if (rules.Min is { } min)
        {
            json.Number("minimum", min);
        }

        if (rules.Max is { } max)
        {
            json.Number("maximum", max);
        }

        if (rules.MinLength is { } minLength)
        {
            json.Number("minLength", minLength);
        }

        if (rules.MaxLength is { } maxLength)
        {
            json.Number("maxLength", maxLength);
        }

        if (rules.Pattern is { } pattern)
        {
            json.String("pattern", pattern);
        }

        if (rules.MaxItems is { } maxItems)
        {
            json.Number("maxItems", maxItems);
        }

        if (items is { } item)
        {
            WriteField(json, "items", item);
        }

        if (properties is { } fields)
        {
            json.StartObject("properties");
            foreach (var field in fields)
            {
                WriteField(json, field.Name, field);
            }

            json.EndObject();
            WriteRequired(json, fields.Where(field => field.Required).Select(field => field.Name));
            json.Boolean("additionalProperties", false);
        }

        if (rules.DefaultJson is { } defaultJson)
        {
            json.Raw("default", defaultJson);
        }

        if (description.Length > 0)
        {
            json.String("description", description);
        }

        json.EndObject();
    }

    private static void WriteRequired(JsonText json, IEnumerable<string> names)
    {
        var required = names.ToList();
        if (required.Count == 0)
        {
            return;
        }

        json.StartArray("required");
        foreach (var name in required)
        {
            json.StringItem(name);
        }

        json.EndArray();
    }
}
