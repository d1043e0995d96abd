using System.Linq;
using Segnals.Catalog.Generator.Model;
using static Segnals.Catalog.Generator.Emitting.RuntimeTypes;

namespace Segnals.Catalog.Generator.Emitting;

/// <summary>
/// Emits the Segnals API as a Refit interface, one method per catalog endpoint; Refit's own source
/// generator turns it into the client. Every method takes the caller it runs for as a Refit
/// <c>[Property]</c>, so it reaches the handler chain with the request (never ambient state) and one
/// client serves every caller of a hosted server. Unset query values are left out by Refit; path and
/// query values are escaped by Refit; bodies are the types <see cref="RequestBodyEmitter"/> writes.
/// Methods return the request Refit built (its request-building mode) and the tools send it with
/// <c>ApiExchange</c> through <c>Client</c>, the handler chain: Refit's own send path would repeat, one
/// async layer at a time, what the handlers already do.
/// </summary>
internal static class RefitInterfaceEmitter
{
    /// <summary>Parameter names of every method besides the catalog's own; catalog parameters are renamed around them.</summary>
    public static readonly string[] ReservedParameterNames = { "caller", "body" };

    public static string Emit(EquatableArray<ClientMethodModel> methods)
    {
        var writer = new SourceWriter().FileHeader();
        writer.Open("namespace " + GeneratedNamespace);
        writer.Line("/// <summary>The Segnals REST API as the catalog describes it: one method per endpoint, implemented by Refit's generator.</summary>");
        writer.Open("public interface " + ApiInterface);
        writer.Line("/// <summary>The client Refit was given: the handler chain of ApiHttpClient, which every built request is sent through.</summary>");
        writer.Line(HttpClient + " Client { get; }");
        writer.Line();
        var first = true;
        foreach (var method in methods)
        {
            if (!first)
            {
                writer.Line();
            }

            first = false;
            writer.Line("/// <summary>" + XmlDoc.Text(method.HttpMethod + " " + method.Path + ": " + method.Summary) + "</summary>");
            writer.Line("[" + Refit + "." + MethodAttribute(method.HttpMethod) + "(" + CSharpLiteral.String(method.Path) + ")]");
            writer.Line(Task + "<" + HttpRequestMessage + "> " + method.MethodName + "(" + string.Join(", ", Parameters(method)) + ");");
        }

        writer.Close();
        writer.Close();
        return writer.ToString();
    }

    /// <summary>How a path or query value of this catalog type is passed: text for booleans (see WireText), else the CLR type.</summary>
    public static string UrlValueType(string catalogType, bool required) =>
        catalogType == "boolean" ? (required ? "string" : "string?") : ClrType(catalogType, required);

    private static System.Collections.Generic.IEnumerable<string> Parameters(ClientMethodModel method)
    {
        var inUrl = method.Parameters.Where(parameter => parameter.Location != "body").ToList();
        yield return "[" + Refit + ".Property(" + CallerKey + ")] " + ApiCaller + " caller";
        foreach (var parameter in inUrl.Where(parameter => parameter.Required))
        {
            yield return UrlParameter(parameter);
        }

        if (method.BodyTypeName is { } bodyType)
        {
            yield return "[" + Refit + ".Body] global::" + RequestsNamespace + "." + bodyType + " body";
        }

        foreach (var parameter in inUrl.Where(parameter => !parameter.Required))
        {
            yield return UrlParameter(parameter) + " = null";
        }
    }

    private static string UrlParameter(ParameterModel parameter)
    {
        // A path placeholder is the catalog name; a query key is the API's name for the parameter.
        var attributes = parameter.Location == "path"
            ? "[" + Refit + ".AliasAs(" + CSharpLiteral.String(parameter.Name) + ")]"
            : "[" + Refit + ".Query, " + Refit + ".AliasAs(" + CSharpLiteral.String(parameter.WireName) + ")]";
        return attributes + " " + UrlValueType(parameter.Type, parameter.Required) + " " + parameter.ArgumentName;
    }

    private static string MethodAttribute(string method) => method switch
    {
        "POST" => "Post",
        "PUT" => "Put",
        "PATCH" => "Patch",
        "DELETE" => "Delete",
        _ => "Get",
    };
}
