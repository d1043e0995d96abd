using System.Linq;
using Segnals.Catalog.Generator.Model;
using static Segnals.Catalog.Generator.Emitting.RuntimeTypes;

namespace Segnals.Catalog.Generator.Emitting;

/// <summary>
/// Emits one type per request body: the catalog's body parameters in catalog order, then the endpoint's
/// and the service's constant fields (e.g. "client": "mcp"), which callers cannot change. An optional
/// member left null, or given a JSON null, is not sent, so an argument the agent did not give never
/// overwrites server state with null.
/// </summary>
internal static class RequestBodyEmitter
{
    public static string Emit(EquatableArray<ClientMethodModel> methods)
    {
        var writer = new SourceWriter().FileHeader();
        writer.Open("namespace " + RequestsNamespace);
        var first = true;
        foreach (var method in methods.Where(method => method.BodyTypeName is not null))
        {
            if (!first)
            {
                writer.Line();
            }

            first = false;
            EmitBody(writer, method);
        }

        writer.Close();
        return writer.ToString();
    }

    private static void EmitBody(SourceWriter writer, ClientMethodModel method)
    {
        var typeName = method.BodyTypeName!;
        writer.Line("/// <summary>The JSON body of " + XmlDoc.Text(method.HttpMethod + " " + method.Path) + ".</summary>");
        writer.Open("public sealed class " + typeName);
        var names = new UniqueNameBuilder(typeName);
        var members = 0;
        foreach (var parameter in method.Parameters.Where(parameter => parameter.Location == "body"))
        {
            if (members++ > 0)
            {
                writer.Line();
            }

            names.Take(parameter.PropertyName);
            EmitMember(writer, parameter);
        }

        foreach (var constant in method.BodyConstants.Where(constant => constant.JsonValue != "null"))
        {
            if (members++ > 0)
            {
                writer.Line();
            }

            var (type, value) = ConstantMember(constant.JsonValue);
            writer.Line("/// <summary>Always " + XmlDoc.Text(constant.JsonValue) + ".</summary>");
            writer.Line("[" + JsonSerialization + ".JsonPropertyName(" + CSharpLiteral.String(constant.Name) + ")]");
            writer.Line("public " + type + " " + names.Take(CSharpNames.Pascal(constant.Name)) + " => " + value + ";");
        }

        writer.Close();
    }

    private static void EmitMember(SourceWriter writer, ParameterModel parameter)
    {
        writer.Line("[" + JsonSerialization + ".JsonPropertyName(" + CSharpLiteral.String(parameter.WireName) + ")]");
        if (parameter.Required)
        {
            writer.Line("public required " + ClrType(parameter.Type, required: true) + " " + parameter.PropertyName + " { get; init; }");
            return;
        }

        writer.Line("[" + JsonSerialization + ".JsonIgnore(Condition = " + JsonSerialization + ".JsonIgnoreCondition.WhenWritingNull)]");
        if (parameter.Type != "object")
        {
            writer.Line("public " + ClrType(parameter.Type, required: false) + " " + parameter.PropertyName + " { get; init; }");
            return;
        }

        // A JSON null counts as "not given", like a C# null.
        writer.Line("public " + JsonElement + "? " + parameter.PropertyName);
        writer.Open(string.Empty);
        writer.Line("get;");
        writer.Line("init => field = value is { ValueKind: not (global::System.Text.Json.JsonValueKind.Undefined or global::System.Text.Json.JsonValueKind.Null) } ? value : null;");
        writer.Close();
    }

    /// <summary>A constant's C# type and value (JSON string escapes are valid C# escapes).</summary>
    private static (string Type, string Value) ConstantMember(string json)
    {
        if (json.StartsWith("\"", System.StringComparison.Ordinal))
        {
            return ("string", json);
        }

        if (json is "true" or "false")
        {
            return ("bool", json);
        }

        return json.IndexOfAny(new[] { '.', 'e', 'E' }) >= 0 ? ("double", json + "d") : ("long", json + "L");
    }
}
