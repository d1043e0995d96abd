using Segnals.Catalog.Generator.Model;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Segnals.Catalog.Generator.Parsing;

/// <summary>Turns YamlDotNet marks (one-based lines) into our zero-based, tree-free spans.</summary>
internal static class YamlSpans
{
    public static SourceSpan Of(string path, YamlNode node) => Between(path, node.Start, node.End);

    public static SourceSpan Between(string path, Mark start, Mark end)
    {
        var startIndex = (int)start.Index;
        var endIndex = (int)end.Index;
        if (end.Line < start.Line || (end.Line == start.Line && end.Column < start.Column))
        {
            end = start;
            endIndex = startIndex;
        }

        // A block node ends at the start of the next line; keep the span on the node's own lines.
        if (end.Line > start.Line && end.Column == 1)
        {
            end = start;
            endIndex = startIndex;
        }

        return new SourceSpan(
            path,
            startIndex,
            System.Math.Max(0, endIndex - startIndex),
            (int)start.Line - 1,
            (int)start.Column - 1,
            (int)end.Line - 1,
            (int)end.Column - 1);
    }
}
