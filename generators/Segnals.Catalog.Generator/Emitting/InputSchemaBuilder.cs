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
        var required = parameters.Where(parameter => parameter.Required).ToList();
        if (required.Count > 0)
        {
            json.StartArray("required");
            foreach (var parameter in required)
            {
                json.StringItem(parameter.Name);
            }

            json.EndArray();
        }

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

    private static void WriteParameter(JsonText json, ParameterModel parameter)
    {
        json.StartObject(parameter.Name).String("type", parameter.Type);
        if (parameter.Rules.Enum is { } values)
        {
            json.StartArray("enum");
            foreach (var value in values)
            {
                json.StringItem(value);
            }

            json.EndArray();
        }

        if (parameter.Rules.Min is { } min)
        {
            json.Number("minimum", min);
        }

        if (parameter.Rules.Max is { } max)
        {
            json.Number("maximum", max);
        }

        if (parameter.Rules.MinLength is { } minLength)
        {
            json.Number("minLength", minLength);
        }

        if (parameter.Rules.MaxLength is { } maxLength)
        {
            json.Number("maxLength", maxLength);
        }

        if (parameter.Rules.Pattern is { } pattern)
        {
            json.String("pattern", pattern);
        }

        if (parameter.Rules.Keys is { } keys)
        {
            json.StartObject("properties");
            foreach (var key in keys)
            {
                json.StartObject(key).EndObject();
            }

            json.EndObject().Boolean("additionalProperties", false);
        }

        if (parameter.Rules.DefaultJson is { } defaultJson)
        {
            json.Raw("default", defaultJson);
        }

        if (parameter.Description.Length > 0)
        {
            json.String("description", parameter.Description);
        }

        json.EndObject();
    }
}
