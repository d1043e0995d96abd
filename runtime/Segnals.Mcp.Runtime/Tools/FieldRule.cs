namespace Segnals.Mcp.Runtime.Tools;

/// <summary>The JSON type a field inside an object parameter must have.</summary>
public enum FieldType
{
    String,
    Integer,
    Number,
    Boolean,
    Object,
    Array,
}

/// <summary>
/// What the catalog says a field inside an object parameter (or a list's item) must be. Generated
/// code builds these as data and hands them to <see cref="ArgumentReader"/>, which checks every
/// nested value against them before anything is sent.
/// </summary>
/// <param name="Name">The key in its object (a list's item carries the list's name).</param>
/// <param name="Required">The key must be present in its object.</param>
public sealed record FieldRule(string Name, FieldType Type, bool Required = false)
{
    public double? Min { get; init; }

    public double? Max { get; init; }

    public int? MinLength { get; init; }

    public int? MaxLength { get; init; }

    public string? Pattern { get; init; }

    public string[]? Enum { get; init; }

    /// <summary>An object's only allowed keys, each with its rule; null for an object of any keys.</summary>
    public FieldRule[]? Properties { get; init; }

    /// <summary>Every item of a list.</summary>
    public FieldRule? Items { get; init; }

    public int? MaxItems { get; init; }
}
