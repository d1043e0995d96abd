using System.Linq;
using Segnals.Catalog.Generator.Model;
using YamlDotNet.RepresentationModel;

namespace Segnals.Catalog.Generator.Parsing;

/// <summary>Reads a tool group file: its group name and every tool, field by field.</summary>
internal static class ToolParser
{
    public static readonly string[] GroupFileFields = { "group", "tools" };

    public static readonly string[] HttpMethods = { "GET", "POST", "PUT", "PATCH", "DELETE" };

    private static readonly string[] ToolFields =
    {
        "name", "title", "summary", "details", "kind", "scope", "confirm", "hints", "endpoint", "answer", "parameters",
        "require_one_of", "enrich", "preview", "result", "output_schema", "example",
    };

    private static readonly string[] ParameterFields =
    {
        "name", "type", "in", "api_name", "required", "description", "min", "max", "min_length", "max_length", "pattern", "enum", "default", "keys",
    };

    public static GroupFileSpec ParseGroupFile(YamlMapping root)
    {
        var group = root.RequiredString("group");
        var tools = root.MappingList("tools", "tool", ToolFields).Select(ParseTool).ToEquatableArray();
        return new GroupFileSpec(group, tools);
    }

    private static ToolSpec ParseTool(YamlMapping tool)
    {
        var name = tool.RequiredString("name");
        var context = "tool '" + name.Value + "'";
        var endpoint = tool.Mapping("endpoint", context + " endpoint", "method", "path", "body");
        var hints = tool.Mapping("hints", context + " hints", "read_only", "destructive", "idempotent", "open_world");
        var preview = tool.Mapping("preview", context + " preview", "text", "lookup", "risk_subject", "warnings", "disclaimer");
        var result = tool.Mapping("result", context + " result", "unwrap", "pick", "explain", "disclaimer");
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
            Parameters: tool.MappingList("parameters", context + " parameter", ParameterFields).Select(ParseParameter).ToEquatableArray(),
            RequireOneOf: requireOneOf is null ? null : new Located("require_one_of", YamlSpans.Of(tool.Path, requireOneOf)),
            RequireOneOfNames: tool.StringList("require_one_of") ?? EquatableArray<string>.Empty,
            Enrich: tool.MappingList("enrich", context + " enrich step", "call", "args", "as").Select(ParseCall).ToEquatableArray(),
            Preview: preview is null ? null : new PreviewSpec(
                preview.RequiredString("text"),
                preview.Mapping("lookup", context + " look-up", "call", "args", "as") is { } lookup ? ParseCall(lookup) : null,
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
        var enumNode = parameter.Node("enum");
        var keysNode = parameter.Node("keys");
        var rangeNode = parameter.Node("max") ?? parameter.Node("max_length");
        return new ParameterSpec(
            Name: parameter.RequiredString("name"),
            Type: parameter.OneOf("type", "string", "integer", "number", "boolean", "object") ?? MissingType(parameter),
            In: parameter.OneOf("in", "path", "query", "body"),
            ApiName: parameter.String("api_name")?.Value,
            Required: parameter.Boolean("required") ?? false,
            Description: parameter.String("description")?.Value ?? string.Empty,
            Rules: new ParameterRules(
                Min: parameter.Number("min"),
                Max: parameter.Number("max"),
                MinLength: parameter.Integer("min_length"),
                MaxLength: parameter.Integer("max_length"),
                Pattern: parameter.String("pattern")?.Value,
                Enum: parameter.StringList("enum"),
                DefaultJson: parameter.Node("default") is YamlScalarNode defaultValue ? YamlJson.ScalarToJson(defaultValue) : null,
                Keys: parameter.StringList("keys")),
            Span: parameter.Span,
            EnumSpan: enumNode is null ? null : YamlSpans.Of(parameter.Path, enumNode),
            RangeSpan: rangeNode is null ? null : YamlSpans.Of(parameter.Path, rangeNode),
            KeysSpan: keysNode is null ? null : YamlSpans.Of(parameter.Path, keysNode));
    }

    private static Located MissingType(YamlMapping parameter)
    {
        if (parameter.Node("type") is null)
        {
            parameter.RequiredString("type");
        }

        return new Located("string", parameter.Span);
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
        var explain = result.Mapping("explain", context + " explain", "values", "schema", "by");
        return new ResultSpec(
            result.String("unwrap")?.Value,
            result.StringList("pick") ?? EquatableArray<string>.Empty,
            explain is null ? null : new ExplainSpec(explain.RequiredString("values").Value, explain.RequiredString("schema").Value, explain.RequiredString("by").Value),
            result.Boolean("disclaimer") ?? false);
    }
}
