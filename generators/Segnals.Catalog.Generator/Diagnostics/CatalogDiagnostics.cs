using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace Segnals.Catalog.Generator.Diagnostics;

/// <summary>
/// Every rule the catalog compiler enforces. Ids are never reused; each has a row in docs/DIAGNOSTICS.md.
/// </summary>
internal static class CatalogDiagnostics
{
    private const string Category = "SegnalsCatalog";

    public static readonly DiagnosticDescriptor YamlSyntax = Error("CAT001", "YAML syntax error", "YAML syntax error: {0}");
    public static readonly DiagnosticDescriptor UnknownField = Error("CAT002", "Unknown field", "Unknown field '{0}' in {1}; allowed: {2}");
    public static readonly DiagnosticDescriptor DuplicateToolName = Error("CAT003", "Duplicate tool name", "Tool '{0}' is defined more than once (first in {1})");
    public static readonly DiagnosticDescriptor InvalidName = Error("CAT004", "Invalid name", "Name '{0}' must match ^[a-z][a-z0-9_]{{0,63}}$");
    public static readonly DiagnosticDescriptor BadSummary = Error("CAT005", "Missing or long summary", "Tool '{0}' {1}");
    public static readonly DiagnosticDescriptor UnknownScope = Error("CAT006", "Unknown scope", "Scope '{0}' is not declared in the service file; known: {1}");
    public static readonly DiagnosticDescriptor UnknownGroup = Error("CAT007", "Unknown group", "Group '{0}' is not declared in the service file; known: {1}");
    public static readonly DiagnosticDescriptor PlaceholderWithoutParameter = Error("CAT008", "Path placeholder without parameter", "Path placeholder '{{{0}}}' of tool '{1}' has no matching path parameter");
    public static readonly DiagnosticDescriptor PathParameterNotInPath = Error("CAT009", "Path parameter missing from path", "Parameter '{0}' of tool '{1}' is a path parameter but the path '{2}' has no '{{{0}}}'");
    public static readonly DiagnosticDescriptor MissingConfirmationDecision = Error("CAT010", "No confirmation decision", "Tool '{0}' is a {1} tool and must say 'confirm: true' or 'confirm: false'");
    public static readonly DiagnosticDescriptor DestructiveWithoutConfirmation = Error("CAT011", "Destructive tool without confirmation", "Tool '{0}' is destructive and must have 'confirm: true'");
    public static readonly DiagnosticDescriptor ReadToolNotGet = Error("CAT012", "Read tool with a non-GET endpoint", "Tool '{0}' is a read tool but its endpoint uses {1}; read tools must use GET");
    public static readonly DiagnosticDescriptor BannedPath = Error("CAT013", "Endpoint under a banned path", "Endpoint '{0}' is under the banned path '{1}': no tool may call it");
    public static readonly DiagnosticDescriptor EmptyEnum = Error("CAT014", "Empty enum", "'{0}' has an empty enum");
    public static readonly DiagnosticDescriptor MinGreaterThanMax = Error("CAT015", "Minimum greater than maximum", "'{0}' has {1} greater than {2}");
    public static readonly DiagnosticDescriptor UnknownTemplateField = Error("CAT016", "Preview template names an unknown field", "Preview of tool '{0}' names '{{{1}}}', which is not a parameter{2}");
    public static readonly DiagnosticDescriptor MissingField = Error("CAT017", "Missing required field", "{0} is missing required field '{1}'");
    public static readonly DiagnosticDescriptor InvalidValue = Error("CAT018", "Invalid value", "Field '{0}' has invalid value '{1}'; expected {2}");
    public static readonly DiagnosticDescriptor ServiceFileCount = Error("CAT019", "Service file missing or repeated", "{0}");
    public static readonly DiagnosticDescriptor UnknownCallTarget = Error("CAT020", "Unknown call target", "'{0}' is neither a tool nor a service endpoint");
    public static readonly DiagnosticDescriptor EndpointOrAnswer = Error("CAT021", "Endpoint or answer", "Tool '{0}' must have exactly one of 'endpoint' and 'answer'");
    public static readonly DiagnosticDescriptor ConfirmationWithoutPreview = Error("CAT022", "Confirmation without preview", "Tool '{0}' needs confirmation and must have 'preview.text'");
    public static readonly DiagnosticDescriptor BadCallArgument = Error("CAT023", "Call argument does not fit", "Call to '{0}': {1}");
    public static readonly DiagnosticDescriptor DuplicateParameter = Error("CAT024", "Duplicate parameter", "Parameter '{0}' is declared more than once in tool '{1}'");
    public static readonly DiagnosticDescriptor UnknownParameterReference = Error("CAT025", "Unknown parameter reference", "'{0}' in {1} of tool '{2}' is not a parameter of the tool");
    public static readonly DiagnosticDescriptor UnknownAnswer = Error("CAT026", "Unknown answer", "Answer '{0}' is neither 'capabilities' nor a text of the service file");
    public static readonly DiagnosticDescriptor ConstraintNotApplicable = Error("CAT027", "Constraint does not fit the type", "'{0}' of type {1} cannot have '{2}'");
    public static readonly DiagnosticDescriptor DuplicateName = Error("CAT028", "Duplicate name", "{0} '{1}' is declared more than once");

    public static IReadOnlyList<DiagnosticDescriptor> All { get; } = typeof(CatalogDiagnostics)
        .GetFields()
        .Where(field => field.FieldType == typeof(DiagnosticDescriptor))
        .Select(field => (DiagnosticDescriptor)field.GetValue(null)!)
        .OrderBy(descriptor => descriptor.Id, System.StringComparer.Ordinal)
        .ToArray();

    private static readonly Dictionary<string, DiagnosticDescriptor> ByIdMap = All.ToDictionary(descriptor => descriptor.Id);

    public static DiagnosticDescriptor ById(string id) => ByIdMap[id];

    private static DiagnosticDescriptor Error(string id, string title, string message) =>
        new(id, title, message, Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: "docs/DIAGNOSTICS.md#" + id.ToLowerInvariant());
}
