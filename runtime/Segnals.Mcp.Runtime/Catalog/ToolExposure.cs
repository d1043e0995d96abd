namespace Segnals.Mcp.Runtime.Catalog;

/// <summary>
/// The operator's ceilings (read-only, toolsets, allow and deny lists). Each one can only remove
/// tools; nothing here can add a tool the catalog or the key does not allow.
/// </summary>
public sealed record ToolExposure(bool ReadOnly, IReadOnlyList<string>? Toolsets, IReadOnlyList<string>? Tools, IReadOnlyList<string> ExcludeTools)
{
    /// <summary>Every name in the ceilings must exist, so a typo cannot silently expose nothing (or everything).</summary>
    public IReadOnlyList<string> Validate(CatalogInfo catalog)
    {
        var problems = new List<string>();
        var groups = catalog.Groups.Select(group => group.Name).ToHashSet(StringComparer.Ordinal);
        var names = catalog.Tools.Select(tool => tool.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var toolset in (Toolsets ?? []).Where(toolset => !groups.Contains(toolset)))
        {
            problems.Add($"Unknown toolset '{toolset}' (in --toolsets / SEGNALS_TOOLSETS); known: {string.Join(", ", groups)}.");
        }

        foreach (var tool in (Tools ?? []).Concat(ExcludeTools).Where(tool => !names.Contains(tool)))
        {
            problems.Add($"Unknown tool '{tool}' (in --tools / --exclude-tools); run `segnals-mcp doctor` to list tools.");
        }

        return problems;
    }

    public bool Exposes(ToolDescriptor tool) =>
        (!ReadOnly || tool.Kind == ToolKind.Read)
        && (Toolsets is null || Toolsets.Contains(tool.Group, StringComparer.Ordinal))
        && (Tools is null || Tools.Contains(tool.Name, StringComparer.Ordinal))
        && !ExcludeTools.Contains(tool.Name, StringComparer.Ordinal);
}
