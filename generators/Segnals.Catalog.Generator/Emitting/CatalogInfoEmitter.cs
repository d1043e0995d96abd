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
        writer.Line("Scopes = new " + CatalogNamespace + ".ScopeInfo[]");
        writer.Open(string.Empty);
        foreach (var scope in service.Scopes)
        {
            writer.Line("new(" + CSharpLiteral.String(scope.Name) + ", " + CSharpLiteral.String(scope.Description) + "),");
        }

        writer.Close(",");
        writer.Line("Groups = new " + CatalogNamespace + ".GroupInfo[]");
        writer.Open(string.Empty);
        foreach (var group in service.Groups)
        {
            writer.Line("new(" + CSharpLiteral.String(group.Name) + ", " + CSharpLiteral.String(group.Title) + ", " + CSharpLiteral.String(group.Description) + "),");
        }

        writer.Close(",");
        writer.Line("Texts = new " + CatalogNamespace + ".TextInfo[]");
        writer.Open(string.Empty);
        foreach (var text in service.Texts)
        {
            writer.Line("new(" + CSharpLiteral.String(text.Name) + ", " + CSharpLiteral.String(text.Version) + ", " + CSharpLiteral.String(text.Text) + "),");
        }

        writer.Close(",");
        writer.Line("RiskRules = new " + CatalogNamespace + ".RiskRule[]");
        writer.Open(string.Empty);
        foreach (var rule in service.RiskRules)
        {
            var conditions = string.Join(", ", rule.When.Select(condition => "new " + CatalogNamespace + ".RiskCondition(" + CSharpLiteral.String(condition.Field) + ", " + CSharpLiteral.String(condition.Op) + ", " + CSharpLiteral.String(condition.JsonValue) + ")"));
            writer.Line("new(" + CSharpLiteral.String(rule.Id) + ", " + CSharpLiteral.String(rule.Warning) + ", new " + CatalogNamespace + ".RiskCondition[] { " + conditions + " }),");
        }

        writer.Close(",");
        writer.Line("CredentialKeys = " + CSharpLiteral.StringArray(service.CredentialKeys) + ",");
        writer.Line("BannedPaths = " + CSharpLiteral.StringArray(service.BannedPaths) + ",");
        writer.Line("Tools = new " + CatalogNamespace + ".ToolDescriptor[]");
        writer.Open(string.Empty);
        foreach (var tool in tools)
        {
            writer.Line("global::" + GeneratedNamespace + ".Tools." + tool.ClassName + ".Definition,");
        }

        writer.Close(",");
        writer.Outdent();
        writer.Line("};");
        writer.Line();
        writer.Line("/// <summary>The typed REST client over the runtime's HTTP pipeline.</summary>");
        writer.Line("public static ISegnalsApiClient CreateClient(" + ApiTransport + " transport) => new SegnalsApiClient(transport);");
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
}

/// <summary>Just enough of a tool to list it: so metadata output ignores edits to tool bodies.</summary>
internal sealed record ToolIdentity(string Name, string ClassName);
