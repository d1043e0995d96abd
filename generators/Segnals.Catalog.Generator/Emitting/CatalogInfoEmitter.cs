using System.Linq;
using Segnals.Catalog.Generator.Model;
using static Segnals.Catalog.Generator.Emitting.RuntimeTypes;

namespace Segnals.Catalog.Generator.Emitting;

/// <summary>
/// Emits SegnalsCatalog: the catalog metadata the runtime needs (scopes, groups, texts, risk
/// rules, guards, tool descriptors) and the factories that build the client and every tool.
/// </summary>
internal static class CatalogInfoEmitter
{
    public static string Emit(ServiceModel service, EquatableArray<ToolIdentity> tools)
    {
        var writer = new SourceWriter().FileHeader();
        writer.Open("namespace " + GeneratedNamespace);
        writer.Line("/// <summary>The compiled catalog: metadata and factories for the client and the tools.</summary>");
        writer.Open("public static partial class SegnalsCatalog");
        writer.Line("public static " + CatalogNamespace + ".CatalogInfo Info { get; } = new " + CatalogNamespace + ".CatalogInfo");
        writer.Line("{");
        writer.Indent();
        writer.Line("ServiceName = " + CSharpLiteral.String(service.Name) + ",");
        writer.Line("ServiceTitle = " + CSharpLiteral.String(service.Title) + ",");
        writer.Line("Version = " + CSharpLiteral.String(service.Version) + ",");
        writer.Line("ApiBase = " + CSharpLiteral.String(service.ApiBase) + ",");
        writer.Line("KeyEnvironmentVariable = " + CSharpLiteral.String(service.KeyEnvironmentVariable) + ",");
        writer.Line("KeyPattern = " + CSharpLiteral.String(service.KeyPattern) + ",");
        writer.Line("KeyHelp = " + CSharpLiteral.String(service.KeyHelp) + ",");
        WriteArray(writer, "Scopes", "ScopeInfo", service.Scopes.Select(scope => New(scope.Name, scope.Description)));
        WriteArray(writer, "Groups", "GroupInfo", service.Groups.Select(group => New(group.Name, group.Title, group.Description)));
        WriteArray(writer, "Texts", "TextInfo", service.Texts.Select(text => New(text.Name, text.Version, text.Text)));
        WriteArray(writer, "RiskRules", "RiskRule", service.RiskRules.Select(rule =>
            "new(" + CSharpLiteral.String(rule.Id) + ", " + CSharpLiteral.String(rule.Warning) + ", new " + CatalogNamespace + ".RiskCondition[] { "
            + string.Join(", ", rule.When.Select(condition => "new " + CatalogNamespace + ".RiskCondition(" + CSharpLiteral.String(condition.Field) + ", " + CSharpLiteral.String(condition.Op) + ", " + CSharpLiteral.String(condition.JsonValue) + ")"))
            + " })"));
        writer.Line("CredentialKeys = " + CSharpLiteral.StringArray(service.CredentialKeys) + ",");
        writer.Line("BannedPaths = " + CSharpLiteral.StringArray(service.BannedPaths) + ",");
        WriteArray(writer, "Tools", "ToolDescriptor", tools.Select(tool => "global::" + GeneratedNamespace + ".Tools." + tool.ClassName + ".Definition"));
        writer.Outdent();
        writer.Line("};");
        writer.Line();
        writer.Line("/// <summary>The REST client: Refit's generated " + ApiInterface + " over <paramref name=\"http\"/>, a client from ApiHttpClient.Create.</summary>");
        writer.Line("public static " + ApiInterface + " CreateClient(" + HttpClient + " http) =>");
        writer.Indent();
        writer.Line(Refit + ".RestService.ForGenerated<" + ApiInterface + ">(http, " + ApiRefitSettings + ".For(" + JsonContext + ".Default));");
        writer.Outdent();
        writer.Line();
        writer.Line("/// <summary>Every catalog tool, in catalog order.</summary>");
        writer.Open("public static global::System.Collections.Generic.IReadOnlyList<" + CatalogTool + "> CreateTools(" + ToolRuntime + " runtime, ISegnalsApiClient client)");
        writer.Line("return new " + CatalogTool + "[]");
        writer.Open(string.Empty);
        foreach (var tool in tools)
        {
            writer.Line("new global::" + GeneratedNamespace + ".Tools." + tool.ClassName + "(runtime, client),");
        }

        writer.Close(";");
        writer.Close();
        writer.Close();
        writer.Close();
        return writer.ToString();
    }

    private static string New(params string?[] arguments) => "new(" + string.Join(", ", arguments.Select(CSharpLiteral.String)) + ")";

    private static void WriteArray(SourceWriter writer, string property, string elementType, System.Collections.Generic.IEnumerable<string> items)
    {
        writer.Line(property + " = new " + CatalogNamespace + "." + elementType + "[]");
        writer.Open(string.Empty);
        foreach (var item in items)
        {
            writer.Line(item + ",");
        }

        writer.Close(",");
    }
}

/// <summary>Just enough of a tool to list it: so metadata output ignores edits to tool bodies.</summary>
internal sealed record ToolIdentity(string Name, string ClassName);
