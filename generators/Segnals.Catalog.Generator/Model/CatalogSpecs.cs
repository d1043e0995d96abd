using Segnals.Catalog.Generator.Diagnostics;

namespace Segnals.Catalog.Generator.Model;

// The parsed catalog, as written in YAML: one record per YAML construct. Values stay strings
// where the YAML has strings, so that the validator can report bad values at their line.

/// <summary>A scalar read from YAML together with where it stands.</summary>
internal sealed record Located(string Value, SourceSpan Span);

internal sealed record ScopeSpec(string Name, string Description, SourceSpan Span);

internal sealed record GroupSpec(string Name, string Title, string Description, SourceSpan Span);

internal sealed record TextSpec(string Name, string? Version, string Text);

/// <summary>A constant written into a request body; JSON text of the YAML scalar.</summary>
internal sealed record ConstantSpec(string Name, string JsonValue);

internal sealed record RiskConditionSpec(string Field, string Op, string? JsonValue);

internal sealed record RiskRuleSpec(string Id, EquatableArray<RiskConditionSpec> When, string Warning, SourceSpan Span);

internal sealed record EndpointSpec(string Name, string Method, string Path, SourceSpan Span);

internal sealed record ServiceSpec(
    string Name,
    string Title,
    string Version,
    string ToolPrefix,
    string ApiBase,
    string AuthScheme,
    string KeyEnvironmentVariable,
    string KeyPattern,
    string KeyHelp,
    EquatableArray<ConstantSpec> WriteBody,
    EquatableArray<ScopeSpec> Scopes,
    EquatableArray<GroupSpec> Groups,
    EquatableArray<TextSpec> Texts,
    EquatableArray<RiskRuleSpec> RiskRules,
    EquatableArray<string> CredentialKeys,
    EquatableArray<Located> BannedPaths,
    EquatableArray<EndpointSpec> Endpoints,
    SourceSpan Span);

/// <summary>What parameters and the fields inside them have in common: a typed, constrained value.</summary>
internal interface IValueSpec
{
    Located Name { get; }

    Located Type { get; }

    ParameterRules Rules { get; }

    /// <summary>An object's fields (a closed set), when the catalog describes them.</summary>
    EquatableArray<FieldSpec>? Properties { get; }

    /// <summary>A list's item (fields only: parameters are never lists).</summary>
    FieldSpec? Items { get; }

    SourceSpan Span { get; }

    SourceSpan? EnumSpan { get; }

    SourceSpan? RangeSpan { get; }
}

internal sealed record ParameterSpec(
    Located Name,
    Located Type,
    Located? In,
    string? ApiName,
    bool Required,
    string Description,
    ParameterRules Rules,
    EquatableArray<FieldSpec>? Properties,
    FieldSpec? Items,
    SourceSpan Span,
    SourceSpan? EnumSpan,
    SourceSpan? RangeSpan) : IValueSpec;

/// <summary>A field inside an object parameter (or a list's item, then named after the list).</summary>
internal sealed record FieldSpec(
    Located Name,
    Located Type,
    bool Required,
    string Description,
    ParameterRules Rules,
    EquatableArray<FieldSpec>? Properties,
    FieldSpec? Items,
    SourceSpan Span,
    SourceSpan? EnumSpan,
    SourceSpan? RangeSpan) : IValueSpec;

/// <summary>A call to another tool's endpoint or a service endpoint (preview look-up or enrichment).</summary>
internal sealed record CallSpec(Located Target, EquatableArray<CallArgumentSpec> Arguments, string? As, SourceSpan Span);

internal sealed record CallArgumentSpec(string Name, string Template, SourceSpan Span);

internal sealed record PreviewSpec(Located Text, CallSpec? Lookup, Located? RiskSubject, EquatableArray<string> Warnings, bool Disclaimer);

internal sealed record ExplainSpec(string Values, string Schema, string By);

internal sealed record ResultSpec(string? Unwrap, EquatableArray<string> Pick, ExplainSpec? Explain, bool Disclaimer);

internal sealed record HintsSpec(bool? ReadOnly, bool? Destructive, bool? Idempotent, bool? OpenWorld, SourceSpan Span);

internal sealed record ToolEndpointSpec(Located Method, Located Path, EquatableArray<ConstantSpec> Body, SourceSpan Span);

internal sealed record ToolSpec(
    Located Name,
    string Title,
    Located? Summary,
    string? Details,
    Located Kind,
    Located Scope,
    Located? Confirm,
    HintsSpec? Hints,
    ToolEndpointSpec? Endpoint,
    Located? Answer,
    EquatableArray<ParameterSpec> Parameters,
    Located? RequireOneOf,
    EquatableArray<string> RequireOneOfNames,
    EquatableArray<CallSpec> Enrich,
    PreviewSpec? Preview,
    ResultSpec? Result,
    string? OutputSchemaJson,
    string? ExampleJson,
    SourceSpan Span);

internal sealed record GroupFileSpec(Located Group, EquatableArray<ToolSpec> Tools);

/// <summary>What one YAML file parsed into, with the problems found while parsing it.</summary>
internal sealed record ParsedCatalogFile(
    string Path,
    ServiceSpec? Service,
    GroupFileSpec? Group,
    EquatableArray<DiagnosticInfo> Diagnostics);
