using System.Collections.Generic;
using System.Linq;

namespace Segnals.Catalog.Generator.Parsing;

/// <summary>
/// Every field a catalog file may hold, by the construct it belongs to. The parsers read each mapping
/// against its list (any other key is CAT002), and a generator test walks <see cref="All"/> to prove
/// that every field changes what the generator produces, so a field can never be parsed and then
/// ignored. ARCHITECTURE.md has a table of where each one is used and enforced.
/// </summary>
internal static class CatalogFields
{
    public static readonly string[] ServiceFile = { "service", "scopes", "groups", "texts", "risk_rules", "credential_guard", "banned_paths", "endpoints" };
    public static readonly string[] Service = { "name", "title", "version", "tool_prefix", "api_base", "auth", "write_body" };
    public static readonly string[] Auth = { "scheme", "key_env", "key_pattern", "key_help" };
    public static readonly string[] Scope = { "name", "description" };
    public static readonly string[] Group = { "name", "title", "description" };
    public static readonly string[] Text = { "name", "version", "text" };
    public static readonly string[] RiskRule = { "id", "when", "warning" };
    public static readonly string[] RiskCondition = { "field", "op", "value" };
    public static readonly string[] CredentialGuard = { "keys" };
    public static readonly string[] ServiceEndpoint = { "name", "method", "path" };

    public static readonly string[] GroupFile = { "group", "tools" };

    public static readonly string[] Tool =
    {
        "name", "title", "summary", "details", "kind", "scope", "confirm", "hints", "endpoint", "answer", "parameters",
        "require_one_of", "enrich", "preview", "result", "output_schema", "example",
    };

    public static readonly string[] Hints = { "read_only", "destructive", "idempotent", "open_world" };
    public static readonly string[] ToolEndpoint = { "method", "path", "body" };
    public static readonly string[] Preview = { "text", "lookup", "risk_subject", "warnings", "disclaimer" };
    public static readonly string[] Result = { "unwrap", "pick", "explain", "disclaimer" };
    public static readonly string[] Explain = { "values", "schema", "by" };

    /// <summary>A preview's look-up or an enrich step.</summary>
    public static readonly string[] Call = { "call", "args", "as" };

    public static readonly string[] Parameter =
    {
        "name", "type", "in", "api_name", "required", "description", "min", "max", "min_length", "max_length", "pattern", "enum", "default", "properties",
    };

    /// <summary>A field inside an object parameter or a list: a parameter's value rules, without what only a parameter has.</summary>
    public static readonly string[] Field =
    {
        "type", "required", "description", "min", "max", "min_length", "max_length", "pattern", "enum", "properties", "items", "max_items",
    };

    /// <summary>Every field as "construct.field", e.g. "tool.require_one_of", "field.max_items".</summary>
    public static IEnumerable<string> All => Constructs.SelectMany(construct => construct.Fields.Select(name => construct.Name + "." + name));

    private static readonly (string Name, string[] Fields)[] Constructs =
    {
        ("service_file", ServiceFile), ("service", Service), ("auth", Auth), ("scope", Scope), ("group", Group), ("text", Text),
        ("risk_rule", RiskRule), ("risk_condition", RiskCondition), ("credential_guard", CredentialGuard), ("service_endpoint", ServiceEndpoint),
        ("group_file", GroupFile), ("tool", Tool), ("hints", Hints), ("tool_endpoint", ToolEndpoint), ("preview", Preview), ("result", Result),
        ("explain", Explain), ("call", Call), ("parameter", Parameter), ("field", Field),
    };
}
