using System.Globalization;
using System.Linq;
using Segnals.Catalog.Generator.Model;
using static Segnals.Catalog.Generator.Emitting.RuntimeTypes;

namespace Segnals.Catalog.Generator.Emitting;

/// <summary>
/// Emits one MCP tool class per catalog entry: its static descriptor (schema, hints, safety
/// policy), typed arguments, argument binding, and the client calls it makes. The shared
/// behaviour (confirmation, scopes, errors, result shaping) lives in the runtime base class.
/// </summary>
internal static class ToolEmitter
{
    public static string HintName(ToolModel tool) => "Tools." + tool.ClassName + ".g.cs";

    public static string Emit(ToolModel tool)
    {
        var writer = new SourceWriter().FileHeader();
        writer.Open("namespace " + GeneratedNamespace + ".Tools");
        writer.Line("/// <summary>" + XmlDoc.Text(tool.Name + ": " + tool.Summary) + "</summary>");
        writer.Open("public sealed class " + tool.ClassName + " : " + CatalogTool + "<" + tool.ClassName + ".Arguments>");
        EmitDescriptor(writer, tool);
        writer.Line();
        if (tool.Call is not null || tool.Enrich.Count > 0 || tool.Preview?.Lookup is not null)
        {
            writer.Line("private readonly global::" + GeneratedNamespace + ".ISegnalsApiClient _client;");
            writer.Line();
        }

        writer.Line("public " + tool.ClassName + "(" + ToolRuntime + " runtime, global::" + GeneratedNamespace + ".ISegnalsApiClient client)");
        writer.Indent().Line(": base(runtime, Definition)").Outdent();
        writer.Open(string.Empty);
        if (tool.Call is not null || tool.Enrich.Count > 0 || tool.Preview?.Lookup is not null)
        {
            writer.Line("_client = client;");
        }

        writer.Close();
        writer.Line();
        EmitArguments(writer, tool);
        writer.Line();
        foreach (var parameter in tool.Parameters)
        {
            FieldRuleEmitter.Emit(writer, parameter);
        }

        EmitBind(writer, tool);
        writer.Line();
        EmitExecute(writer, tool);
        if (tool.Preview?.Lookup is { } lookup)
        {
            writer.Line();
            writer.Line("/// <summary>The read that enriches the confirmation preview.</summary>");
            writer.Open("protected override async " + Task + "<" + JsonElement + "?> LookupAsync(Arguments arguments, " + ApiCaller + " caller, " + CancellationToken + " cancellationToken)");
            writer.Line("return await " + CallExpression(lookup, resultVariable: null, caller: "caller") + ".ConfigureAwait(false);");
            writer.Close();
        }

        writer.Close();
        writer.Close();
        return writer.ToString();
    }

    private static void EmitDescriptor(SourceWriter writer, ToolModel tool)
    {
        writer.Line("/// <summary>Everything the catalog says about this tool, as data.</summary>");
        writer.Line("public static readonly " + CatalogNamespace + ".ToolDescriptor Definition = new " + CatalogNamespace + ".ToolDescriptor");
        writer.Line("{");
        writer.Indent();
        writer.Line("Name = " + CSharpLiteral.String(tool.Name) + ",");
        writer.Line("Title = " + CSharpLiteral.String(tool.Title) + ",");
        writer.Line("Summary = " + CSharpLiteral.String(tool.Summary) + ",");
        writer.Line("Group = " + CSharpLiteral.String(tool.Group) + ",");
        writer.Line("Kind = " + CatalogNamespace + ".ToolKind." + CSharpNames.Pascal(tool.Kind) + ",");
        writer.Line("Scope = " + CSharpLiteral.String(tool.Scope) + ",");
        writer.Line("RequiresConfirmation = " + CSharpLiteral.Bool(tool.Confirm) + ",");
        writer.Line("Hints = new " + CatalogNamespace + ".ToolHints(" + string.Join(", ", new[] { tool.ReadOnlyHint, tool.DestructiveHint, tool.IdempotentHint, tool.OpenWorldHint }.Select(CSharpLiteral.Bool)) + "),");
        writer.Line("Method = " + CSharpLiteral.String(tool.Method) + ",");
        writer.Line("PathTemplate = " + CSharpLiteral.String(tool.Path) + ",");
        writer.Line("Answer = " + CSharpLiteral.String(tool.Answer) + ",");
        writer.Line("ParameterNames = " + CSharpLiteral.StringArray(tool.Parameters.Select(parameter => parameter.Name)) + ",");
        writer.Line("GuardedParameters = " + CSharpLiteral.StringArray(tool.Parameters.Where(parameter => parameter.Type == "object").Select(parameter => parameter.Name)) + ",");
        writer.Line("InputSchemaJson = " + CSharpLiteral.String(tool.InputSchemaJson) + ",");
        writer.Line("OutputSchemaJson = " + CSharpLiteral.String(tool.OutputSchemaJson) + ",");
        writer.Line("ExampleJson = " + CSharpLiteral.String(tool.ExampleJson) + ",");
        if (tool.Preview is { } preview)
        {
            writer.Line("Preview = new " + CatalogNamespace + ".PreviewDescriptor(" + CSharpLiteral.String(preview.Text) + ", " + CSharpLiteral.String(preview.RiskSubject) + ", " + CSharpLiteral.StringArray(preview.Warnings) + ", " + CSharpLiteral.Bool(preview.Disclaimer) + "),");
        }

        if (tool.Result is { } result)
        {
            var explain = result.Explain is { } e
                ? "new " + CatalogNamespace + ".ExplainDescriptor(" + CSharpLiteral.String(e.Values) + ", " + CSharpLiteral.String(e.Schema) + ", " + CSharpLiteral.String(e.By) + ")"
                : "null";
            writer.Line("Result = new " + CatalogNamespace + ".ResultDescriptor(" + CSharpLiteral.String(result.Unwrap) + ", " + CSharpLiteral.StringArray(result.Pick) + ", " + explain + ", " + CSharpLiteral.Bool(result.Disclaimer) + "),");
        }

        writer.Outdent();
        writer.Line("};");
    }

    private static void EmitArguments(SourceWriter writer, ToolModel tool)
    {
        writer.Line("/// <summary>The tool's arguments after validation, typed.</summary>");
        if (tool.Parameters.Count == 0)
        {
            writer.Line("public sealed record Arguments;");
            return;
        }

        var properties = tool.Parameters.Select(parameter => ClrType(parameter.Type, parameter.Required) + " " + parameter.PropertyName);
        writer.Line("public sealed record Arguments(" + string.Join(", ", properties) + ");");
    }

    private static void EmitBind(SourceWriter writer, ToolModel tool)
    {
        writer.Line("/// <summary>Checks every argument against the catalog; each problem names the argument.</summary>");
        writer.Open("protected override Arguments Bind(" + ArgumentReader + " reader)");
        var result = tool.RequireOneOf.Count > 0 ? "var arguments = " : "return ";
        if (tool.Parameters.Count == 0)
        {
            writer.Line(result + "new Arguments();");
        }
        else
        {
            writer.Line(result + "new Arguments(");
            writer.Indent();
            for (var i = 0; i < tool.Parameters.Count; i++)
            {
                writer.Line(ReadExpression(tool.Parameters[i]) + (i == tool.Parameters.Count - 1 ? ");" : ","));
            }

            writer.Outdent();
        }

        if (tool.RequireOneOf.Count > 0)
        {
            writer.Line("reader.RequireOneOf(" + string.Join(", ", tool.RequireOneOf.Select(CSharpLiteral.String)) + ");");
            writer.Line("return arguments;");
        }

        writer.Close();
    }

    private static string ReadExpression(ParameterModel parameter)
    {
        var prefix = parameter.Required ? "reader.Required" : "reader.Optional";
        var name = CSharpLiteral.String(parameter.Name);
        return parameter.Type switch
        {
            "integer" => prefix + "Integer(" + name + ", " + CSharpLiteral.NullableLong(parameter.Rules.Min) + ", " + CSharpLiteral.NullableLong(parameter.Rules.Max) + ")",
            "number" => prefix + "Number(" + name + ", " + CSharpLiteral.NullableDouble(parameter.Rules.Min) + ", " + CSharpLiteral.NullableDouble(parameter.Rules.Max) + ")",
            "boolean" => prefix + "Boolean(" + name + ")",
            "object" => prefix + "Object(" + name + ", " + FieldRuleEmitter.FieldsReference(parameter) + ")",
            _ => prefix + "String(" + name + ", " + CSharpLiteral.NullableInt(parameter.Rules.MinLength) + ", " + CSharpLiteral.NullableInt(parameter.Rules.MaxLength) + ", " + CSharpLiteral.String(parameter.Rules.Pattern) + ", " + CSharpLiteral.StringArray(parameter.Rules.Enum) + ")",
        };
    }

    private static void EmitExecute(SourceWriter writer, ToolModel tool)
    {
        writer.Line("/// <summary>The API calls this tool makes once its arguments are valid (and confirmed).</summary>");
        if (tool.Call is null)
        {
            writer.Open("protected override " + Task + "<" + JsonElement + "> ExecuteAsync(Arguments arguments, " + ToolCallContext + " call, " + CancellationToken + " cancellationToken)");
            writer.Line("return AnswerFromCatalogAsync(call, cancellationToken);");
            writer.Close();
            return;
        }

        writer.Open("protected override async " + Task + "<" + JsonElement + "> ExecuteAsync(Arguments arguments, " + ToolCallContext + " call, " + CancellationToken + " cancellationToken)");
        writer.Line("var result = await " + CallExpression(tool.Call, resultVariable: null, caller: "call.Caller") + ".ConfigureAwait(false);");
        var index = 0;
        foreach (var enrich in tool.Enrich)
        {
            var variable = "enrichment" + (index++).ToString(CultureInfo.InvariantCulture);
            writer.Line("var " + variable + " = await " + CallExpression(enrich, resultVariable: "result", caller: "call.Caller") + ".ConfigureAwait(false);");
            writer.Line("result = " + ResultPaths + ".WithProperty(result, " + CSharpLiteral.String(enrich.As ?? "enrichment") + ", " + variable + ");");
        }

        writer.Line("return result;");
        writer.Close();
    }

    private static string CallExpression(ClientCallModel call, string? resultVariable, string caller)
    {
        var given = call.Arguments.Where(argument => argument.Source != ArgumentSource.None).ToList();
        var arguments = given
            .Where(argument => argument.Location != "body")
            .Select(argument => argument.ArgumentName + ": " + UrlValue(argument, ArgumentExpression(argument, resultVariable)))
            .Prepend("caller: " + caller);
        if (call.BodyTypeName is { } bodyType)
        {
            var members = given
                .Where(argument => argument.Location == "body")
                .Select(argument => argument.PropertyName + " = " + ArgumentExpression(argument, resultVariable));
            arguments = arguments.Concat(new[] { "body: new global::" + RequestsNamespace + "." + bodyType + " { " + string.Join(", ", members) + " }" });
        }

        return ApiExchange + ".SendAsync(_client.Client, _client." + call.MethodName + "(" + string.Join(", ", arguments) + "), cancellationToken)";
    }

    /// <summary>Booleans go into paths and query strings as the API's "true"/"false" (see WireText).</summary>
    private static string UrlValue(CallArgumentModel argument, string expression) =>
        argument.Type == "boolean" ? WireText + ".Of(" + expression + ")" : expression;

    private static string ArgumentExpression(CallArgumentModel argument, string? resultVariable)
    {
        switch (argument.Source)
        {
            case ArgumentSource.Argument:
                return "arguments." + argument.Value;
            case ArgumentSource.Result:
                var reader = argument.Type switch
                {
                    "integer" => "Integer",
                    "number" => "Number",
                    "boolean" => "Boolean",
                    "object" => "Object",
                    _ => "String",
                };
                return ResultPaths + ".Required" + reader + "(" + (resultVariable ?? "result") + ", " + CSharpLiteral.String(argument.Value) + ")";
            default:
                return argument.Type switch
                {
                    "integer" => long.Parse(argument.Value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture) + "L",
                    "number" => double.Parse(argument.Value, CultureInfo.InvariantCulture).ToString("R", CultureInfo.InvariantCulture) + "d",
                    "boolean" => argument.Value == "true" ? "true" : "false",
                    _ => CSharpLiteral.String(argument.Value),
                };
        }
    }
}
