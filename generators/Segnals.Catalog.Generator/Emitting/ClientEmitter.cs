using System.Linq;
using Segnals.Catalog.Generator.Model;
using Segnals.Catalog.Generator.Validation;
using static Segnals.Catalog.Generator.Emitting.RuntimeTypes;

namespace Segnals.Catalog.Generator.Emitting;

/// <summary>
/// Emits the typed REST client: an interface with one method per catalog endpoint and its
/// implementation over the runtime's HTTP transport. Every method takes the caller it runs for, so one
/// client serves every caller of a hosted server. Path values are URL-escaped; unset query and body
/// values are left out; write bodies carry the service's constant fields.
/// </summary>
internal static class ClientEmitter
{
    /// <summary>Locals of every generated client method; parameters are renamed around them.</summary>
    public static readonly string[] ReservedLocals = { "caller", "requestPath", "requestQuery", "requestBody", "request", "cancellationToken" };

    public static string Emit(EquatableArray<ClientMethodModel> methods)
    {
        var writer = new SourceWriter().FileHeader();
        writer.Open("namespace " + GeneratedNamespace);
        writer.Line("/// <summary>The Segnals REST API as the catalog describes it: one method per endpoint.</summary>");
        writer.Open("public interface ISegnalsApiClient");
        foreach (var method in methods)
        {
            writer.Line("/// <summary>" + Xml(method.HttpMethod + " " + method.Path + ": " + method.Summary) + "</summary>");
            writer.Line(Signature(method) + ";");
            writer.Line();
        }

        writer.Close();
        writer.Line();
        writer.Line("/// <summary>Builds each request from the catalog and sends it through the runtime's HTTP pipeline.</summary>");
        writer.Open("public sealed class SegnalsApiClient : ISegnalsApiClient");
        writer.Line("private readonly " + ApiTransport + " _transport;");
        writer.Line();
        writer.Open("public SegnalsApiClient(" + ApiTransport + " transport)");
        writer.Line("_transport = transport ?? throw new global::System.ArgumentNullException(nameof(transport));");
        writer.Close();
        foreach (var method in methods)
        {
            writer.Line();
            EmitMethod(writer, method);
        }

        writer.Close();
        writer.Close();
        return writer.ToString();
    }

    public static string Xml(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");

    private static string Signature(ClientMethodModel method)
    {
        var parameters = method.Parameters.Where(parameter => parameter.Required)
            .Concat(method.Parameters.Where(parameter => !parameter.Required))
            .Select(parameter => ClrType(parameter.Type, parameter.Required) + " " + parameter.ArgumentName + (parameter.Required ? string.Empty : " = null"))
            .Concat(new[] { CancellationToken + " cancellationToken = default" })
            .Prepend(ApiCaller + " caller");
        return Task + "<" + ApiResponse + "> " + method.MethodName + "(" + string.Join(", ", parameters) + ")";
    }

    private static void EmitMethod(SourceWriter writer, ClientMethodModel method)
    {
        writer.Open("public " + Signature(method));
        writer.Line("var requestPath = " + PathExpression(method) + ";");
        var query = method.Parameters.Where(parameter => parameter.Location == "query").ToList();
        var pathAndQuery = "requestPath";
        if (query.Count > 0)
        {
            writer.Line("var requestQuery = new " + ApiQuery + "();");
            foreach (var parameter in query)
            {
                writer.Line("requestQuery.Add(" + CSharpLiteral.String(parameter.WireName) + ", " + parameter.ArgumentName + ");");
            }

            pathAndQuery = "requestQuery.AppendTo(requestPath)";
        }

        var body = method.Parameters.Where(parameter => parameter.Location == "body").ToList();
        var bodyExpression = "null";
        if (body.Count > 0 || method.BodyConstants.Count > 0)
        {
            writer.Line("var requestBody = new " + JsonBody + "();");
            foreach (var parameter in body)
            {
                writer.Line("requestBody.Add(" + CSharpLiteral.String(parameter.WireName) + ", " + parameter.ArgumentName + ");");
            }

            foreach (var constant in method.BodyConstants.Where(constant => constant.JsonValue != "null"))
            {
                writer.Line("requestBody.Add(" + CSharpLiteral.String(constant.Name) + ", " + ConstantExpression(constant.JsonValue) + ");");
            }

            bodyExpression = "requestBody.ToUtf8()";
        }

        writer.Line("var request = new " + ApiRequest + "(caller, " + HttpMethod + "." + HttpMethodProperty(method.HttpMethod) + ", " + CSharpLiteral.String(method.Path) + ", " + pathAndQuery + ", " + bodyExpression + ");");
        writer.Line("return _transport.SendAsync(request, cancellationToken);");
        writer.Close();
    }

    private static string PathExpression(ClientMethodModel method)
    {
        var parts = new System.Collections.Generic.List<string>();
        var rest = method.Path;
        foreach (var field in TemplateFields.Find(method.Path))
        {
            var placeholder = "{" + field + "}";
            var index = rest.IndexOf(placeholder, System.StringComparison.Ordinal);
            if (index > 0)
            {
                parts.Add(CSharpLiteral.String(rest.Substring(0, index)));
            }

            var parameter = method.Parameters.First(candidate => candidate.Name == field);
            parts.Add("global::System.Uri.EscapeDataString(" + PathValue(parameter) + ")");
            rest = rest.Substring(index + placeholder.Length);
        }

        if (rest.Length > 0 || parts.Count == 0)
        {
            parts.Add(CSharpLiteral.String(rest));
        }

        return string.Join(" + ", parts);
    }

    private static string PathValue(ParameterModel parameter)
    {
        var name = parameter.ArgumentName;
        return parameter.Type switch
        {
            "integer" => name + ".ToString(" + Invariant + ")",
            "number" => name + ".ToString(\"R\", " + Invariant + ")",
            "boolean" => "(" + name + " ? \"true\" : \"false\")",
            _ => name,
        };
    }

    /// <summary>A constant's JSON text as a C# expression (JSON string escapes are valid C# escapes).</summary>
    private static string ConstantExpression(string json)
    {
        if (json.StartsWith("\"", System.StringComparison.Ordinal) || json is "true" or "false")
        {
            return json;
        }

        return json.IndexOfAny(new[] { '.', 'e', 'E' }) >= 0 ? "(double?)" + json + "d" : "(long?)" + json + "L";
    }

    private static string HttpMethodProperty(string method) => method switch
    {
        "GET" => "Get",
        "POST" => "Post",
        "PUT" => "Put",
        "PATCH" => "Patch",
        "DELETE" => "Delete",
        _ => "Get",
    };
}
