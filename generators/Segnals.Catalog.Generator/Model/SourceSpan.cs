namespace Segnals.Catalog.Generator.Model;

/// <summary>
/// Where something stands in a YAML file: plain data (no tree-bound Location), turned into a
/// Roslyn Location only when a diagnostic is reported. Lines and columns are zero-based.
/// </summary>
internal sealed record SourceSpan(string Path, int Start, int Length, int StartLine, int StartColumn, int EndLine, int EndColumn)
{
    public static SourceSpan FileStart(string path) => new(path, 0, 0, 0, 0, 0, 0);
}
