namespace Segnals.Mcp.Runtime.Catalog;

public sealed record ScopeInfo(string Name, string Description);

public sealed record GroupInfo(string Name, string Title, string Description);

public sealed record TextInfo(string Name, string? Version, string Text);

/// <summary>One condition of a risk rule; Value is JSON text (null for missing/present).</summary>
public sealed record RiskCondition(string Field, string Op, string? Value);

/// <summary>A warning shown in previews when all its conditions hold for the risk subject.</summary>
public sealed record RiskRule(string Id, string Warning, IReadOnlyList<RiskCondition> When);

/// <summary>The compiled catalog's shared metadata, emitted by the generator.</summary>
public sealed class CatalogInfo
{
    public required string ServiceName { get; init; }
    public required string ServiceTitle { get; init; }
    public required string Version { get; init; }
    public required string ApiBase { get; init; }
    public required string KeyEnvironmentVariable { get; init; }
    public required string KeyPattern { get; init; }
    public required string KeyHelp { get; init; }
    public required IReadOnlyList<ScopeInfo> Scopes { get; init; }
    public required IReadOnlyList<GroupInfo> Groups { get; init; }
    public required IReadOnlyList<TextInfo> Texts { get; init; }
    public required IReadOnlyList<RiskRule> RiskRules { get; init; }
    public required IReadOnlyList<string> CredentialKeys { get; init; }
    public required IReadOnlyList<string> BannedPaths { get; init; }
    public required IReadOnlyList<ToolDescriptor> Tools { get; init; }

    public TextInfo? FindText(string name) => Texts.FirstOrDefault(text => text.Name == name);
}
