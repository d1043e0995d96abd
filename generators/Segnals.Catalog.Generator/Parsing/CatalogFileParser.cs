using System.Collections.Generic;
using System.IO;
using System.Linq;
using Segnals.Catalog.Generator.Diagnostics;
using Segnals.Catalog.Generator.Model;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Segnals.Catalog.Generator.Parsing;

/// <summary>
/// Parses one catalog YAML file into a spec and its diagnostics. Pure: text in, data out,
/// so the incremental pipeline can cache each file on its own.
/// </summary>
internal static class CatalogFileParser
{
    public static ParsedCatalogFile Parse(string path, string text)
    {
        var diagnostics = new List<DiagnosticInfo>();
        var root = Load(path, text, diagnostics);
        if (root is null)
        {
            return new ParsedCatalogFile(path, null, null, diagnostics.ToEquatableArray());
        }

        if (root is not YamlMappingNode mapping)
        {
            diagnostics.Add(DiagnosticInfo.Create(CatalogDiagnostics.MissingField, YamlSpans.Of(path, root), "Catalog file", "service' or 'group"));
            return new ParsedCatalogFile(path, null, null, diagnostics.ToEquatableArray());
        }

        var isService = mapping.Children.Keys.OfType<YamlScalarNode>().Any(key => key.Value == "service");
        var isGroup = mapping.Children.Keys.OfType<YamlScalarNode>().Any(key => key.Value == "group");
        if (isService)
        {
            var service = ServiceParser.Parse(new YamlMapping(mapping, path, "service file", CatalogFields.ServiceFile, diagnostics));
            return new ParsedCatalogFile(path, service, null, diagnostics.ToEquatableArray());
        }

        if (isGroup)
        {
            var group = ToolParser.ParseGroupFile(new YamlMapping(mapping, path, "group file", CatalogFields.GroupFile, diagnostics));
            return new ParsedCatalogFile(path, null, group, diagnostics.ToEquatableArray());
        }

        diagnostics.Add(DiagnosticInfo.Create(CatalogDiagnostics.MissingField, YamlSpans.Of(path, mapping), "Catalog file", "service' or 'group"));
        return new ParsedCatalogFile(path, null, null, diagnostics.ToEquatableArray());
    }

    private static YamlNode? Load(string path, string text, List<DiagnosticInfo> diagnostics)
    {
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            if (stream.Documents.Count == 0)
            {
                diagnostics.Add(DiagnosticInfo.Create(CatalogDiagnostics.YamlSyntax, SourceSpan.FileStart(path), "the file is empty"));
                return null;
            }

            return stream.Documents[0].RootNode;
        }
        catch (YamlException exception)
        {
            var span = YamlSpans.Between(path, exception.Start, exception.Start);
            diagnostics.Add(DiagnosticInfo.Create(CatalogDiagnostics.YamlSyntax, span, FirstLine(exception)));
            return null;
        }
        catch (System.InvalidOperationException)
        {
            // YamlDotNet 16 can fail this way on some malformed flow collections, without a position.
            diagnostics.Add(DiagnosticInfo.Create(CatalogDiagnostics.YamlSyntax, SourceSpan.FileStart(path), "the file is not valid YAML (check brackets and quotes)"));
            return null;
        }
    }

    private static string FirstLine(YamlException exception)
    {
        // YamlDotNet prefixes messages with "(Line: .., Col: ..)": the location is already ours.
        var message = (exception.InnerException as YamlException ?? exception).Message;
        var closing = message.IndexOf("): ", System.StringComparison.Ordinal);
        if (message.StartsWith("(Line:", System.StringComparison.Ordinal) && closing > 0)
        {
            message = message.Substring(closing + 3);
        }

        return message.Split('\n')[0].Trim();
    }
}
