using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Segnals.Catalog.Generator.Diagnostics;
using Segnals.Catalog.Generator.Model;
using YamlDotNet.RepresentationModel;

namespace Segnals.Catalog.Generator.Parsing;

/// <summary>
/// Reads one YAML mapping against a fixed list of fields: every value it hands out carries its
/// span, a missing required field or a value of the wrong shape becomes a diagnostic at its line,
/// and any field not in the list is reported as unknown.
/// </summary>
internal sealed class YamlMapping
{
    private readonly YamlMappingNode _node;
    private readonly string _path;
    private readonly string _context;
    private readonly List<DiagnosticInfo> _diagnostics;

    public YamlMapping(YamlMappingNode node, string path, string context, string[] allowedFields, List<DiagnosticInfo> diagnostics)
    {
        _node = node;
        _path = path;
        _context = context;
        _diagnostics = diagnostics;
        ReportUnknownFields(allowedFields);
    }

    public SourceSpan Span => YamlSpans.Of(_path, _node);

    public string Path => _path;

    public static YamlMapping? From(YamlNode? node, string path, string context, string[] allowedFields, List<DiagnosticInfo> diagnostics, string fieldName)
    {
        if (node is null)
        {
            return null;
        }

        if (node is YamlMappingNode mapping)
        {
            return new YamlMapping(mapping, path, context, allowedFields, diagnostics);
        }

        diagnostics.Add(DiagnosticInfo.Create(CatalogDiagnostics.InvalidValue, YamlSpans.Of(path, node), fieldName, Describe(node), "a mapping"));
        return null;
    }

    public YamlNode? Node(string field)
    {
        foreach (var entry in _node.Children)
        {
            if (entry.Key is YamlScalarNode key && key.Value == field)
            {
                return entry.Value;
            }
        }

        return null;
    }

    public IEnumerable<KeyValuePair<YamlScalarNode, YamlNode>> Entries()
    {
        foreach (var entry in _node.Children)
        {
            if (entry.Key is YamlScalarNode key)
            {
                yield return new KeyValuePair<YamlScalarNode, YamlNode>(key, entry.Value);
            }
        }
    }

    public Located? String(string field)
    {
        var node = Node(field);
        if (node is null)
        {
            return null;
        }

        if (node is YamlScalarNode scalar)
        {
            return new Located(scalar.Value ?? string.Empty, YamlSpans.Of(_path, scalar));
        }

        _diagnostics.Add(DiagnosticInfo.Create(CatalogDiagnostics.InvalidValue, YamlSpans.Of(_path, node), field, Describe(node), "a text value"));
        return null;
    }

    public Located RequiredString(string field)
    {
        var value = String(field);
        if (value is not null)
        {
            return value;
        }

        if (Node(field) is null)
        {
            _diagnostics.Add(DiagnosticInfo.Create(CatalogDiagnostics.MissingField, Span, _context, field));
        }

        return new Located(string.Empty, Span);
    }

    public bool? Boolean(string field)
    {
        var value = String(field);
        if (value is null)
        {
            return null;
        }

        switch (value.Value)
        {
            case "true": return true;
            case "false": return false;
            default:
                _diagnostics.Add(DiagnosticInfo.Create(CatalogDiagnostics.InvalidValue, value.Span, field, value.Value, "true or false"));
                return null;
        }
    }

    public double? Number(string field)
    {
        var value = String(field);
        if (value is null)
        {
            return null;
        }

        if (double.TryParse(value.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return number;
        }

        _diagnostics.Add(DiagnosticInfo.Create(CatalogDiagnostics.InvalidValue, value.Span, field, value.Value, "a number"));
        return null;
    }

    public int? Integer(string field)
    {
        var value = String(field);
        if (value is null)
        {
            return null;
        }

        if (int.TryParse(value.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) && number >= 0)
        {
            return number;
        }

        _diagnostics.Add(DiagnosticInfo.Create(CatalogDiagnostics.InvalidValue, value.Span, field, value.Value, "a whole number ≥ 0"));
        return null;
    }

    public Located? OneOf(string field, params string[] allowed)
    {
        var value = String(field);
        if (value is null)
        {
            return null;
        }

        if (allowed.Contains(value.Value))
        {
            return value;
        }

        _diagnostics.Add(DiagnosticInfo.Create(CatalogDiagnostics.InvalidValue, value.Span, field, value.Value, "one of " + string.Join(", ", allowed)));
        return null;
    }

    public YamlSequenceNode? Sequence(string field)
    {
        var node = Node(field);
        if (node is null)
        {
            return null;
        }

        if (node is YamlSequenceNode sequence)
        {
            return sequence;
        }

        _diagnostics.Add(DiagnosticInfo.Create(CatalogDiagnostics.InvalidValue, YamlSpans.Of(_path, node), field, Describe(node), "a list"));
        return null;
    }

    public EquatableArray<string>? StringList(string field)
    {
        var sequence = Sequence(field);
        if (sequence is null)
        {
            return null;
        }

        var items = new List<string>();
        foreach (var item in sequence.Children)
        {
            if (item is YamlScalarNode scalar)
            {
                items.Add(scalar.Value ?? string.Empty);
            }
            else
            {
                _diagnostics.Add(DiagnosticInfo.Create(CatalogDiagnostics.InvalidValue, YamlSpans.Of(_path, item), field, Describe(item), "a list of text values"));
            }
        }

        return items.ToEquatableArray();
    }

    public YamlMapping? Mapping(string field, string context, params string[] allowedFields) =>
        From(Node(field), _path, context, allowedFields, _diagnostics, field);

    /// <summary>A mapping found below one of this mapping's fields (e.g. a nested schema), reporting into the same file.</summary>
    public YamlMapping? Within(YamlNode node, string field, string context, params string[] allowedFields) =>
        From(node, _path, context, allowedFields, _diagnostics, field);

    public IEnumerable<YamlMapping> MappingList(string field, string context, params string[] allowedFields)
    {
        var sequence = Sequence(field);
        if (sequence is null)
        {
            yield break;
        }

        foreach (var item in sequence.Children)
        {
            var mapping = From(item, _path, context, allowedFields, _diagnostics, field);
            if (mapping is not null)
            {
                yield return mapping;
            }
        }
    }

    /// <summary>A mapping of names to mappings (an object's fields), each read against the same list of fields.</summary>
    public IEnumerable<(Located Name, YamlMapping Value)> NamedMappings(string field, string context, params string[] allowedFields)
    {
        var node = Node(field);
        if (node is null)
        {
            yield break;
        }

        if (node is not YamlMappingNode mapping)
        {
            _diagnostics.Add(DiagnosticInfo.Create(CatalogDiagnostics.InvalidValue, YamlSpans.Of(_path, node), field, Describe(node), "a mapping of names to fields"));
            yield break;
        }

        foreach (var entry in mapping.Children)
        {
            if (entry.Key is YamlScalarNode key && From(entry.Value, _path, context + " '" + key.Value + "'", allowedFields, _diagnostics, key.Value ?? field) is { } value)
            {
                yield return (new Located(key.Value ?? string.Empty, YamlSpans.Of(_path, key)), value);
            }
        }
    }

    /// <summary>A mapping of names to scalar constants, as JSON values.</summary>
    public EquatableArray<ConstantSpec> Constants(string field)
    {
        var node = Node(field);
        if (node is null)
        {
            return EquatableArray<ConstantSpec>.Empty;
        }

        if (node is not YamlMappingNode mapping)
        {
            _diagnostics.Add(DiagnosticInfo.Create(CatalogDiagnostics.InvalidValue, YamlSpans.Of(_path, node), field, Describe(node), "a mapping of constants"));
            return EquatableArray<ConstantSpec>.Empty;
        }

        var constants = new List<ConstantSpec>();
        foreach (var entry in mapping.Children)
        {
            if (entry.Key is YamlScalarNode key && entry.Value is YamlScalarNode value)
            {
                constants.Add(new ConstantSpec(key.Value ?? string.Empty, YamlJson.ScalarToJson(value)));
            }
            else
            {
                _diagnostics.Add(DiagnosticInfo.Create(CatalogDiagnostics.InvalidValue, YamlSpans.Of(_path, entry.Value), field, Describe(entry.Value), "text, number or boolean constants"));
            }
        }

        return constants.ToEquatableArray();
    }

    public string? Json(string field)
    {
        var node = Node(field);
        return node is null ? null : YamlJson.Convert(node);
    }

    public void Report(DiagnosticInfo diagnostic) => _diagnostics.Add(diagnostic);

    private void ReportUnknownFields(string[] allowedFields)
    {
        foreach (var entry in _node.Children)
        {
            var key = (entry.Key as YamlScalarNode)?.Value ?? string.Empty;
            if (!allowedFields.Contains(key))
            {
                _diagnostics.Add(DiagnosticInfo.Create(
                    CatalogDiagnostics.UnknownField,
                    YamlSpans.Of(_path, entry.Key),
                    key,
                    _context,
                    string.Join(", ", allowedFields)));
            }
        }
    }

    /// <summary>A node as a diagnostic shows it: a scalar's text, or what kind of collection it is.</summary>
    public static string Describe(YamlNode node) => node switch
    {
        YamlScalarNode scalar => scalar.Value ?? string.Empty,
        YamlSequenceNode => "(a list)",
        YamlMappingNode => "(a mapping)",
        _ => "(?)",
    };
}
