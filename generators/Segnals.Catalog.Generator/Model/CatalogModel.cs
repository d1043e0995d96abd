namespace Segnals.Catalog.Generator.Model;

// The validated catalog, ready to emit: names resolved, defaults derived, calls bound to client
// methods. Each ToolModel carries everything its own generated file needs, so editing one tool
// re-emits only that tool's file (plus the catalog-wide artifacts).

internal sealed record CatalogModel(ServiceModel Service, EquatableArray<ToolModel> Tools, EquatableArray<ClientMethodModel> ClientMethods);

internal sealed record ServiceModel(
    string Name,
    string Title,
    string Version,
    string ApiBase,
    string AuthScheme,
    string KeyEnvironmentVariable,
    string KeyPattern,
    string KeyHelp,
    EquatableArray<ScopeSpec> Scopes,
    EquatableArray<GroupSpec> Groups,
    EquatableArray<TextSpec> Texts,
    EquatableArray<RiskRuleSpec> RiskRules,
    EquatableArray<string> CredentialKeys,
    EquatableArray<string> BannedPaths);

internal sealed record ParameterModel(
    string Name,
    string PropertyName,
    string ArgumentName,
    string Type,
    string Location,
    string WireName,
    bool Required,
    string Description,
    ParameterRules Rules,
    EquatableArray<FieldModel>? Properties);

/// <summary>A field inside an object parameter, or a list's item: what it must be, without where the YAML said so.</summary>
internal sealed record FieldModel(
    string Name,
    string Type,
    bool Required,
    string Description,
    ParameterRules Rules,
    EquatableArray<FieldModel>? Properties,
    FieldModel? Items);

internal sealed record ClientMethodModel(
    string MethodName,
    string HttpMethod,
    string Path,
    EquatableArray<ParameterModel> Parameters,
    EquatableArray<ConstantSpec> BodyConstants,
    string Summary);

/// <summary>How one argument of a client call is produced.</summary>
internal enum ArgumentSource
{
    /// <summary>Left unset (null): an optional parameter the call does not give.</summary>
    None,
    /// <summary>The calling tool's own argument.</summary>
    Argument,
    /// <summary>A value read from the main call's result (enrichment).</summary>
    Result,
    /// <summary>A constant written in the catalog.</summary>
    Literal,
}

internal sealed record CallArgumentModel(string ArgumentName, string Type, bool Required, ArgumentSource Source, string Value);

internal sealed record ClientCallModel(string MethodName, EquatableArray<CallArgumentModel> Arguments, string? As);

internal sealed record PreviewModel(string Text, ClientCallModel? Lookup, string? RiskSubject, EquatableArray<string> Warnings, bool Disclaimer);

internal sealed record ToolModel(
    string Name,
    string ClassName,
    string Title,
    string Summary,
    string? Details,
    string Group,
    string Kind,
    string? Scope,
    bool Confirm,
    bool ReadOnlyHint,
    bool DestructiveHint,
    bool IdempotentHint,
    bool OpenWorldHint,
    string? Method,
    string? Path,
    string? Answer,
    EquatableArray<ParameterModel> Parameters,
    EquatableArray<string> RequireOneOf,
    ClientCallModel? Call,
    EquatableArray<ClientCallModel> Enrich,
    PreviewModel? Preview,
    ResultSpec? Result,
    string InputSchemaJson,
    string? OutputSchemaJson,
    string? ExampleJson);
