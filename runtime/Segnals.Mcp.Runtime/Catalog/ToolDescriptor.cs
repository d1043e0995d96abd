namespace Segnals.Mcp.Runtime.Catalog;

public enum ToolKind
{
    Read,
    Write,
    Control,
}

/// <summary>The four MCP tool annotations, always all set.</summary>
public sealed record ToolHints(bool ReadOnly, bool Destructive, bool Idempotent, bool OpenWorld);

/// <summary>How a ✋ tool describes what it is about to do.</summary>
public sealed record PreviewDescriptor(string Text, string? RiskSubject, IReadOnlyList<string> Warnings, bool Disclaimer);

/// <summary>Pairs each value of a map with its schema entry (explain_config).</summary>
public sealed record ExplainDescriptor(string Values, string Schema, string By);

/// <summary>How an API response is shaped before it reaches the model.</summary>
public sealed record ResultDescriptor(string? Unwrap, IReadOnlyList<string> Pick, ExplainDescriptor? Explain, bool Disclaimer);

/// <summary>Everything the catalog says about one tool; emitted by the generator as a constant.</summary>
public sealed class ToolDescriptor
{
    public required string Name { get; init; }
    public required string Title { get; init; }
    public required string Summary { get; init; }
    public required string Group { get; init; }
    public required ToolKind Kind { get; init; }

    /// <summary>The scope the key needs, or null when any valid key may use the tool.</summary>
    public required string? Scope { get; init; }
    public required bool RequiresConfirmation { get; init; }
    public required ToolHints Hints { get; init; }
    public required string? Method { get; init; }
    public required string? PathTemplate { get; init; }

    /// <summary>Set for tools answered from the catalog itself (capabilities, a text).</summary>
    public required string? Answer { get; init; }
    public required IReadOnlyList<string> ParameterNames { get; init; }

    /// <summary>Object parameters scanned by the credential guard.</summary>
    public required IReadOnlyList<string> GuardedParameters { get; init; }
    public required string InputSchemaJson { get; init; }
    public required string? OutputSchemaJson { get; init; }
    /// <summary>The catalog's example arguments (JSON), when it gives one.</summary>
    public string? ExampleJson { get; init; }

    public PreviewDescriptor? Preview { get; init; }
    public ResultDescriptor? Result { get; init; }
}
