using System.Collections.Generic;
using System.Linq;
using System.Text;
using Segnals.Catalog.Generator.Model;

namespace Segnals.Catalog.Generator.Emitting;

/// <summary>
/// Writes the tool reference (docs/TOOLS.md) from the catalog, and wraps it as a generated
/// constant: the generator never writes files; `segnals-mcp docs` does, from this constant.
/// </summary>
internal static class MarkdownEmitter
{
    public static string EmitConstant(CatalogModel catalog)
    {
        var writer = new SourceWriter().FileHeader();
        writer.Open("namespace " + RuntimeTypes.GeneratedNamespace);
        writer.Open("public static partial class SegnalsCatalog");
        writer.Line("/// <summary>The text of docs/TOOLS.md, generated from the catalog.</summary>");
        writer.Line("public const string ToolReferenceMarkdown = " + CSharpLiteral.String(Render(catalog)) + ";");
        writer.Close();
        writer.Close();
        return writer.ToString();
    }

    public static string Render(CatalogModel catalog)
    {
        var service = catalog.Service;
        var md = new StringBuilder();
        md.Append("# ").Append(service.Title).Append(" MCP tool reference\n\n");
        md.Append("<!-- Generated from catalog/*.yaml by the catalog source generator. Do not edit: run `dotnet run --project runtime/Segnals.Mcp.Server -- docs`. -->\n\n");
        md.Append("Catalog version ").Append(service.Version).Append(": ").Append(catalog.Tools.Count.ToString(System.Globalization.CultureInfo.InvariantCulture))
          .Append(" tools in ").Append(service.Groups.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append(" groups. ")
          .Append("API base `").Append(service.ApiBase).Append("`, key from `").Append(service.KeyEnvironmentVariable).Append("`, sent as a ").Append(service.AuthScheme).Append(" token.\n\n");
        md.Append("Kinds: **read** has no side effect; **write** creates or changes state; **control** changes what a running bot does. ✋ marks tools that need confirmation.\n\n");

        AppendOverview(md, catalog);
        AppendScopes(md, catalog);
        AppendConfirmation(md);
        foreach (var group in service.Groups)
        {
            var tools = catalog.Tools.Where(tool => tool.Group == group.Name).ToList();
            if (tools.Count == 0)
            {
                continue;
            }

            md.Append("## ").Append(group.Title).Append("\n\n").Append(group.Description).Append(" Toolset: `").Append(group.Name).Append("`.\n\n");
            foreach (var tool in tools)
            {
                AppendTool(md, tool);
            }
        }

        return md.ToString();
    }

    private static void AppendOverview(StringBuilder md, CatalogModel catalog)
    {
        md.Append("## Tools at a glance\n\n| Tool | Title | Kind | Scope | ✋ |\n|---|---|---|---|---|\n");
        foreach (var tool in catalog.Tools)
        {
            md.Append("| [`").Append(tool.Name).Append("`](#").Append(tool.Name).Append(") | ").Append(Cell(tool.Title)).Append(" | ").Append(tool.Kind)
              .Append(" | ").Append(tool.Scope is null ? "any" : "`" + tool.Scope + "`").Append(" | ").Append(tool.Confirm ? "✋" : string.Empty).Append(" |\n");
        }

        md.Append('\n');
    }

    private static void AppendScopes(StringBuilder md, CatalogModel catalog)
    {
        md.Append("## Scopes\n\nA key only sees and runs the tools its scopes allow. Tools marked *any* work with every valid key.\n\n| Scope | What it allows | Tools |\n|---|---|---|\n");
        foreach (var scope in catalog.Service.Scopes)
        {
            var tools = catalog.Tools.Where(tool => tool.Scope == scope.Name).Select(tool => "`" + tool.Name + "`");
            md.Append("| `").Append(scope.Name).Append("` | ").Append(Cell(scope.Description)).Append(" | ").Append(string.Join(", ", tools)).Append(" |\n");
        }

        md.Append('\n');
    }

    private static void AppendConfirmation(StringBuilder md)
    {
        md.Append("## The confirmation flow\n\n");
        md.Append("A ✋ tool never acts on its first call. Called without `confirm: true` it returns a **preview**: what will happen, ");
        md.Append("risk warnings from the catalog's rules, the safety disclaimer where the catalog asks for it, and a `confirmation_token`. ");
        md.Append("The token is bound (HMAC) to the tool, the exact arguments and an expiry, and works once. To act, call the tool again ");
        md.Append("with the same arguments plus `confirm: true` and that token. A missing, expired, reused or altered-argument token is refused with a fresh preview.\n\n");
        md.Append("Where the MCP client supports elicitation, the server asks the person directly in the client's own UI instead, so the model ");
        md.Append("cannot confirm for them; declining sends nothing. `SEGNALS_CONFIRMATION=elicit|token|flag` chooses the mode.\n\n");
    }

    private static void AppendTool(StringBuilder md, ToolModel tool)
    {
        md.Append("<a id=\"").Append(tool.Name).Append("\"></a>\n### `").Append(tool.Name).Append("`: ").Append(tool.Title).Append(tool.Confirm ? " ✋" : string.Empty).Append("\n\n");
        md.Append(tool.Summary).Append('\n');
        if (tool.Details is { Length: > 0 } details)
        {
            md.Append('\n').Append(details).Append('\n');
        }

        md.Append("\n| Kind | Scope | Confirmation | Endpoint |\n|---|---|---|---|\n| ").Append(tool.Kind).Append(" | ")
          .Append(tool.Scope is null ? "any" : "`" + tool.Scope + "`").Append(" | ").Append(tool.Confirm ? "✋ preview, then confirm" : "none").Append(" | ")
          .Append(tool.Method is null ? "none (answered from the catalog)" : "`" + tool.Method + " " + tool.Path + "`").Append(" |\n\n");
        md.Append("Annotations: readOnlyHint ").Append(Bool(tool.ReadOnlyHint)).Append(", destructiveHint ").Append(Bool(tool.DestructiveHint))
          .Append(", idempotentHint ").Append(Bool(tool.IdempotentHint)).Append(", openWorldHint ").Append(Bool(tool.OpenWorldHint)).Append(".\n\n");

        if (tool.Parameters.Count == 0)
        {
            md.Append("Parameters: none.\n\n");
        }
        else
        {
            md.Append("| Parameter | Type | Required | Allowed | Description |\n|---|---|---|---|---|\n");
            foreach (var parameter in tool.Parameters)
            {
                AppendRow(md, parameter.Name, parameter.Type, parameter.Required, parameter.Rules, parameter.Properties is not null, parameter.Description);
                AppendFields(md, parameter.Name, parameter.Properties, items: null);
            }

            if (tool.RequireOneOf.Count > 0)
            {
                md.Append("\nGive at least one of: ").Append(string.Join(", ", tool.RequireOneOf.Select(name => "`" + name + "`"))).Append(".\n");
            }

            md.Append('\n');
        }

        if (tool.Preview is { } preview)
        {
            md.Append("Preview: ").Append(preview.Text).Append(preview.Disclaimer ? " (with the safety disclaimer)" : string.Empty).Append("\n\n");
        }

        if (tool.ExampleJson is { } example)
        {
            md.Append("Example:\n\n```json\n{\"name\":\"").Append(tool.Name).Append("\",\"arguments\":").Append(example).Append("}\n```\n\n");
        }
    }

    private static void AppendRow(StringBuilder md, string name, string type, bool required, ParameterRules rules, bool hasFields, string description) =>
        md.Append("| `").Append(name).Append("` | ").Append(type).Append(" | ").Append(required ? "yes" : "no").Append(" | ")
          .Append(Cell(hasFields ? "only the keys below" : Constraints(rules))).Append(" | ").Append(description.Length > 0 ? Cell(description) : "–").Append(" |\n");

    /// <summary>One row per field inside an object or a list, named by its path: `preferences.daily_report.hour_utc`.</summary>
    private static void AppendFields(StringBuilder md, string path, EquatableArray<FieldModel>? properties, FieldModel? items)
    {
        foreach (var field in properties ?? EquatableArray<FieldModel>.Empty)
        {
            var fieldPath = path + "." + field.Name;
            AppendRow(md, fieldPath, field.Type, field.Required, field.Rules, field.Properties is not null, field.Description);
            AppendFields(md, fieldPath, field.Properties, field.Items);
        }

        if (items is { } item)
        {
            if (item.Properties is null)
            {
                AppendRow(md, path + "[]", item.Type, false, item.Rules, false, item.Description);
            }

            AppendFields(md, path + "[]", item.Properties, item.Items);
        }
    }

    private static string Constraints(ParameterRules rules)
    {
        var parts = new List<string>();
        if (rules.Enum is { } values)
        {
            parts.Add(string.Join(" \\| ", values.Select(value => "`" + value + "`")));
        }

        if (rules.Min is not null || rules.Max is not null)
        {
            parts.Add((rules.Min is { } min ? JsonText.FormatNumber(min) : string.Empty) + ".." + (rules.Max is { } max ? JsonText.FormatNumber(max) : string.Empty));
        }

        if (rules.MinLength is not null || rules.MaxLength is not null)
        {
            parts.Add((rules.MinLength?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "0") + ".." + (rules.MaxLength?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty) + " chars");
        }

        if (rules.Pattern is { } pattern)
        {
            parts.Add("`" + pattern + "`");
        }

        if (rules.MaxItems is { } maxItems)
        {
            parts.Add("at most " + maxItems.ToString(System.Globalization.CultureInfo.InvariantCulture) + " items");
        }

        if (rules.DefaultJson is { } defaultJson)
        {
            parts.Add("default " + defaultJson);
        }

        return parts.Count == 0 ? "any" : string.Join("; ", parts);
    }

    private static string Cell(string text) => text.Replace("|", "\\|").Replace("\n", " ");

    private static string Bool(bool value) => value ? "true" : "false";
}
