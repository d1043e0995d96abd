namespace Segnals.Catalog.Generator.Model;

/// <summary>
/// What a parameter's value must satisfy, as the catalog states it. Parsed once and carried unchanged
/// into the model, where the input schema, the argument binding and the docs each read it.
/// </summary>
internal sealed record ParameterRules(
    double? Min,
    double? Max,
    int? MinLength,
    int? MaxLength,
    string? Pattern,
    EquatableArray<string>? Enum,
    string? DefaultJson,
    EquatableArray<string>? Keys);
