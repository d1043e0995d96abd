using System.Linq;
using Segnals.Catalog.Generator.Model;
using YamlDotNet.RepresentationModel;

namespace Segnals.Catalog.Generator.Parsing;

/// <summary>Reads a tool group file: its group name and every tool, field by field.</summary>
internal static class ToolParser
{
    public static readonly string[] HttpMethods = { "GET", "POST", "PUT", "PATCH", "DELETE" };

    private static readonly string[] ParameterTypes = { "string", "integer", "number", "boolean", "object" };

    private static readonly string[] FieldTypes = { "string", "integer", "number", "boolean", "object", "array" };

    public static GroupFileSpec ParseGroupFile(YamlMapping root)
    {
        var group = root.RequiredString("group");
        var tools = root.MappingList("tools", "tool", CatalogFields.Tool).Select(ParseTool).ToEquatableArray();
        return new GroupFileSpec(group, tools);
    }

    private static ToolSpec ParseTool(YamlMapping tool)
    {
        var name = tool.RequiredString("name");
        var context = "tool '" + name.Value + "'";
        var endpoint = tool.Mapping("endpoint", context + " endpoint", CatalogFields.ToolEndpoint);
        var hints = tool.Mapping("hints", context + " hints", CatalogFields.Hints);
        var preview = tool.Mapping("preview", context + " preview", CatalogFields.Preview);
        var result = tool.Mapping("result", context + " result", CatalogFields.Result);
        var requireOneOf = tool.Node("require_one_of");

        return new ToolSpec(
            Name: name,
            Title: tool.RequiredString("title").Value,
            Summary: tool.String("summary"),
            Details: tool.String("details")?.Value,
            Kind: tool.OneOf("kind", "read", "write", "control") ?? MissingKind(tool),
            Scope: tool.RequiredString("scope"),
            Confirm: ConfirmDecision(tool),
            Hints: hints is null ? null : new HintsSpec(hints.Boolean("read_only"), hints.Boolean("destructive"), hints.Boolean("idempotent"), hints.Boolean("open_world"), hints.Span),
            Endpoint: endpoint is null ? null : new ToolEndpointSpec(
                endpoint.OneOf("method", HttpMethods) ?? new Located("GET", endpoint.Span),
                endpoint.RequiredString("path"),
                endpoint.Constants("body"),
                endpoint.Span),
            Answer: tool.String("answer"),
            Parameters: tool.MappingList("parameters", context + " parameter", CatalogFields.Parameter).Select(ParseParameter).ToEquatableArray(),
            RequireOneOf: requireOneOf is null ? null : new Located("require_one_of", YamlSpans.Of(tool.Path, requireOneOf)),
            RequireOneOfNames: tool.StringList("require_one_of") ?? EquatableArray<string>.Empty,
            Enrich: tool.MappingList("enrich", context + " enrich step", CatalogFields.Call).Select(ParseCall).ToEquatableArray(),
            Preview: preview is null ? null : new PreviewSpec(
                preview.RequiredString("text"),
                preview.Mapping("lookup", context + " look-up", CatalogFields.Call) is { } lookup ? ParseCall(lookup) : null,
                preview.String("risk_subject"),
                preview.StringList("warnings") ?? EquatableArray<string>.Empty,
                preview.Boolean("disclaimer") ?? false),
            Result: result is null ? null : ParseResult(result, context),
            OutputSchemaJson: OutputSchemaParser.Parse(tool, context),
            ExampleJson: tool.Json("example"),
            Span: tool.Span);
    }

    private static Located MissingKind(YamlMapping tool)
    {
        if (tool.Node("kind") is null)
        {
            tool.RequiredString("kind");
        }

        return new Located(string.Empty, tool.Span);
    }

    /// <summary>The confirm field is kept as written, so "no decision" differs from "false".</summary>
    private static Located? ConfirmDecision(YamlMapping tool)
    {
        var value = tool.String("confirm");
        if (value is null)
        {
            return null;
        }

        return tool.Boolean("confirm") is null ? null : value;
    }

    private static ParameterSpec ParseParameter(YamlMapping parameter)
    {
        var name = parameter.RequiredString("name");
        return new ParameterSpec(
            Name: name,
            Type: parameter.OneOf("type", ParameterTypes) ?? MissingType(parameter),
            In: parameter.OneOf("in", "path", "query", "body"),
            ApiName: parameter.String("api_name")?.Value,
            Required: parameter.Boolean("required") ?? false,
            Description: parameter.String("description")?.Value ?? string.Empty,
            Rules: ParseRules(parameter),
            Properties: ParseProperties(parameter, "parameter '" + name.Value + "'"),
            Items: null,
            Span: parameter.Span,
            EnumSpan: SpanOf(parameter, "enum"),
            RangeSpan: SpanOf(parameter, "max") ?? SpanOf(parameter, "max_length"));
    }

    private static FieldSpec ParseField(Located name, YamlMapping field, string context) => new(
        Name: name,
        Type: field.OneOf("type", FieldTypes) ?? MissingType(field),
        Required: field.Boolean("required") ?? false,
        Description: field.String("description")?.Value ?? string.Empty,
        Rules: ParseRules(field),
        Properties: ParseProperties(field, context),
        Items: ParseItems(field, name, context),
        Span: field.Span,
        EnumSpan: SpanOf(field, "enum"),
        RangeSpan: SpanOf(field, "max") ?? SpanOf(field, "max_length"));

    private static ParameterRules ParseRules(YamlMapping value) => new(
        Min: value.Number("min"),
        Max: value.Number("max"),
        MinLength: value.Integer("min_length"),
        MaxLength: value.Integer("max_length"),
        Pattern: value.String("pattern")?.Value,
        Enum: value.StringList("enum"),
        DefaultJson: value.Node("default") is YamlScalarNode defaultValue ? YamlJson.ScalarToJson(defaultValue) : null,
        MaxItems: value.Integer("max_items"));

    private static EquatableArray<FieldSpec>? ParseProperties(YamlMapping value, string context) =>
        value.Node("properties") is null
            ? null
            : value.NamedMappings("properties", context + " field", CatalogFields.Field)
                .Select(field => ParseField(field.Name, field.Value, context + " field '" + field.Name.Value + "'"))
                .ToEquatableArray();

    /// <summary>A list's item is named after the list, so problems inside it name the list.</summary>
    private static FieldSpec? ParseItems(YamlMapping value, Located listName, string context) =>
        value.Mapping("items", context + " items", CatalogFields.Field) is { } items ? ParseField(listName, items, context + " items") : null;

    private static SourceSpan? SpanOf(YamlMapping value, string field) =>
        value.Node(field) is { } node ? YamlSpans.Of(value.Path, node) : null;

    private static Located MissingType(YamlMapping value)
    {
        if (value.Node("type") is null)
        {
            value.RequiredString("type");
        }

        return new Located("string", value.Span);
    }

    private static CallSpec ParseCall(YamlMapping call)
    {
        var arguments = call.Node("args") is YamlMappingNode args
            ? args.Children
                .Where(entry => entry.Key is YamlScalarNode && entry.Value is YamlScalarNode)
                .Select(entry => new CallArgumentSpec(((YamlScalarNode)entry.Key).Value ?? string.Empty, ((YamlScalarNode)entry.Value).Value ?? string.Empty, YamlSpans.Of(call.Path, entry.Value)))
                .ToEquatableArray()
            : EquatableArray<CallArgumentSpec>.Empty;
        return new CallSpec(call.RequiredString("call"), arguments, call.String("as")?.Value, call.Span);
    }

    private static ResultSpec ParseResult(YamlMapping result, string context)
    {
        var explain = result.Mapping("explain", context + " explain", CatalogFields.Explain);
        return new ResultSpec(
            result.String("unwrap")?.Value,
            result.StringList("pick") ?? EquatableArray<string>.Empty,
            explain is null ? null : new ExplainSpec(explain.RequiredString("values").Value, explain.RequiredString("schema").Value, explain.RequiredString("by").Value),
            result.Boolean("disclaimer") ?? false);
    }
}
