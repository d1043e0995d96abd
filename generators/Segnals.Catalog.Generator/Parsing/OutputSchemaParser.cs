using System.Collections.Generic;
using System.Linq;
using Segnals.Catalog.Generator.Diagnostics;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Segnals.Catalog.Generator.Parsing;

/// <summary>
/// Reads a tool's <c>output_schema</c>: the part of JSON Schema that describes an API answer, checked
/// keyword by keyword so a mistake fails the build at its YAML line instead of reaching a client that
/// validates results. Objects stay open: the API may add fields, so <c>additionalProperties: false</c>
/// is refused (a schema or <c>true</c> is fine).
/// </summary>
internal static class OutputSchemaParser
{
    private static readonly string[] Keywords =
    {
        "type", "description", "properties", "required", "items", "enum", "allOf", "additionalProperties", "minimum", "maximum",
    };

    private static readonly string[] TypeNames = { "object", "array", "string", "number", "integer", "boolean", "null" };

    /// <summary>The schema as compact JSON, or null when the tool declares none.</summary>
    public static string? Parse(YamlMapping tool, string context)
    {
        var node = tool.Node("output_schema");
        if (node is null)
        {
            return null;
        }

        var reader = new Reader(tool, context + " output schema");
        if (reader.Schema(node, "output_schema") is { } root)
        {
            reader.RequireObjectAtTop(root);
        }

        return YamlJson.Convert(node);
    }

    private sealed class Reader
    {
        private readonly YamlMapping _tool;
        private readonly string _context;

        public Reader(YamlMapping tool, string context)
        {
            _tool = tool;
            _context = context;
        }

        /// <summary>Checks one schema and everything under it; null when it is not a mapping.</summary>
        public YamlMapping? Schema(YamlNode node, string field)
        {
            var schema = _tool.Within(node, field, _context, Keywords);
            if (schema is null)
            {
                return null;
            }

            Type(schema);
            schema.String("description");
            var declared = Properties(schema);
            Required(schema, declared);
            if (schema.Node("items") is { } items)
            {
                Schema(items, "items");
            }

            Enum(schema);
            foreach (var part in schema.Sequence("allOf")?.Children ?? Enumerable.Empty<YamlNode>())
            {
                Schema(part, "allOf");
            }

            AdditionalProperties(schema);
            schema.Number("minimum");
            schema.Number("maximum");
            return schema;
        }

        /// <summary>MCP takes an output schema only when it describes an object (structuredContent is one).</summary>
        public void RequireObjectAtTop(YamlMapping root)
        {
            var type = root.Node("type");
            if (type is null)
            {
                root.RequiredString("type");
            }
            else if (type is not YamlScalarNode { Value: "object" })
            {
                Invalid(type, "type", "object (structuredContent is always an object)");
            }
        }

        private void Type(YamlMapping schema)
        {
            var node = schema.Node("type");
            if (node is null)
            {
                return;
            }

            var names = node is YamlSequenceNode list ? list.Children : new List<YamlNode> { node };
            if (names.Count == 0)
            {
                Invalid(node, "type", "a type name or a list of them");
            }

            var seen = new HashSet<string>(System.StringComparer.Ordinal);
            foreach (var name in names)
            {
                if (name is not YamlScalarNode scalar || !IsText(scalar) || !TypeNames.Contains(scalar.Value))
                {
                    var hint = name is YamlScalarNode { Style: ScalarStyle.Plain, Value: "null" or "~" } ? " (quote \"null\": a plain null is no type name)" : string.Empty;
                    Invalid(name, "type", "one of " + string.Join(", ", TypeNames) + hint);
                }
                else if (!seen.Add(scalar.Value!))
                {
                    Invalid(name, "type", "each type once");
                }
            }
        }

        private HashSet<string> Properties(YamlMapping schema)
        {
            var declared = new HashSet<string>(System.StringComparer.Ordinal);
            var node = schema.Node("properties");
            if (node is null)
            {
                return declared;
            }

            if (node is not YamlMappingNode properties)
            {
                Invalid(node, "properties", "a mapping of property names to schemas");
                return declared;
            }

            foreach (var entry in properties.Children)
            {
                declared.Add((entry.Key as YamlScalarNode)?.Value ?? string.Empty);
                Schema(entry.Value, "properties");
            }

            return declared;
        }

        /// <summary>Every required name must be a property the same schema declares, so a typo cannot require a field no answer has.</summary>
        private void Required(YamlMapping schema, HashSet<string> declared)
        {
            var node = schema.Node("required");
            if (node is not YamlSequenceNode list)
            {
                if (node is not null)
                {
                    Invalid(node, "required", "a list of property names");
                }

                return;
            }

            foreach (var name in list.Children)
            {
                if (name is not YamlScalarNode scalar || !declared.Contains(scalar.Value ?? string.Empty))
                {
                    Invalid(name, "required", "a property declared under 'properties' of the same schema");
                }
            }
        }

        private void Enum(YamlMapping schema)
        {
            var node = schema.Node("enum");
            if (node is null)
            {
                return;
            }

            if (node is not YamlSequenceNode { Children.Count: > 0 } list)
            {
                Invalid(node, "enum", "a list of at least one value");
                return;
            }

            foreach (var value in list.Children.Where(value => value is not YamlScalarNode))
            {
                Invalid(value, "enum", "text, number, boolean or null values");
            }
        }

        private void AdditionalProperties(YamlMapping schema)
        {
            var node = schema.Node("additionalProperties");
            switch (node)
            {
                case null:
                case YamlScalarNode { Style: ScalarStyle.Plain, Value: "true" }:
                    return;
                case YamlMappingNode:
                    Schema(node, "additionalProperties");
                    return;
                default:
                    Invalid(node, "additionalProperties", "a schema or true (output schemas stay open: the API may add fields)");
                    return;
            }
        }

        private void Invalid(YamlNode node, string field, string expected) =>
            _tool.Report(DiagnosticInfo.Create(CatalogDiagnostics.InvalidValue, YamlSpans.Of(_tool.Path, node), field, YamlMapping.Describe(node), expected));

        /// <summary>A scalar that YAML reads as text (a plain true, null or number is not).</summary>
        private static bool IsText(YamlScalarNode scalar) =>
            scalar.Style != ScalarStyle.Plain || YamlJson.ScalarToJson(scalar).StartsWith("\"", System.StringComparison.Ordinal);
    }
}
