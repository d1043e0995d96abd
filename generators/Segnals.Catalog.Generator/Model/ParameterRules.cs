namespace Segnals.Catalog.Generator.Model;

/// <summary>
/// What a value must satisfy, as the catalog states it: a parameter's, or a field's inside an object
/// or a list. Parsed once and carried unchanged into the model, where the input schema, the argument
/// binding and the docs each read it. (Nested fields are <see cref="FieldSpec"/> / <see cref="FieldModel"/>.)
/// </summary>
internal sealed record ParameterRules(
    double? Min,
    double? Max,
    int? MinLength,
    int? MaxLength,
    string? Pattern,
    EquatableArray<string>? Enum,
    string? DefaultJson,
    int? MaxItems);
