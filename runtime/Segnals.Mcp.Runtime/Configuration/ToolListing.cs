namespace Segnals.Mcp.Runtime.Configuration;

/// <summary>How much of each tool's definition tools/list sends (SEGNALS_TOOLS_LIST). The first member is the default.</summary>
public enum ToolListing
{
    /// <summary>
    /// Everything the catalog states: all four hints written out, closed input schemas
    /// (additionalProperties: false) and the declared output schemas.
    /// </summary>
    Full,

    /// <summary>
    /// The same tools, titles and descriptions in fewer bytes: hints only where a client needs them
    /// written, input schemas without the top-level additionalProperties, no output schemas. What the
    /// server accepts and returns is unchanged.
    /// </summary>
    Compact,
}
