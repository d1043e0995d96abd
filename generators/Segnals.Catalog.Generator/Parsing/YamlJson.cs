using System.Globalization;
using System.Text;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Segnals.Catalog.Generator.Parsing;

/// <summary>
/// Converts YAML nodes to compact JSON text with YAML 1.2 core-schema scalar typing
/// (plain true/false/null/numbers are JSON literals; quoted scalars stay strings).
/// </summary>
internal static class YamlJson
{
    public static string Convert(YamlNode node)
    {
        var builder = new StringBuilder();
        Write(node, builder);
        return builder.ToString();
    }

    public static string ScalarToJson(YamlScalarNode scalar)
    {
        var builder = new StringBuilder();
        Write(scalar, builder);
        return builder.ToString();
    }

    private static void Write(YamlNode node, StringBuilder builder)
    {
        switch (node)
        {
            case YamlMappingNode mapping:
                builder.Append('{');
                var first = true;
                foreach (var entry in mapping.Children)
                {
                    if (!first)
                    {
                        builder.Append(',');
                    }

                    first = false;
                    WriteString(((YamlScalarNode)entry.Key).Value ?? string.Empty, builder);
                    builder.Append(':');
                    Write(entry.Value, builder);
                }

                builder.Append('}');
                break;
            case YamlSequenceNode sequence:
                builder.Append('[');
                for (var i = 0; i < sequence.Children.Count; i++)
                {
                    if (i > 0)
                    {
                        builder.Append(',');
                    }

                    Write(sequence.Children[i], builder);
                }

                builder.Append(']');
                break;
            case YamlScalarNode scalar:
                WriteScalar(scalar, builder);
                break;
            default:
                builder.Append("null");
                break;
        }
    }

    private static void WriteScalar(YamlScalarNode scalar, StringBuilder builder)
    {
        var value = scalar.Value ?? string.Empty;
        if (scalar.Style == ScalarStyle.Plain)
        {
            switch (value)
            {
                case "true":
                case "false":
                case "null":
                    builder.Append(value);
                    return;
                case "~":
                case "":
                    builder.Append("null");
                    return;
            }

            if (long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
            {
                builder.Append(integer.ToString(CultureInfo.InvariantCulture));
                return;
            }

            if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && !double.IsInfinity(number) && !double.IsNaN(number))
            {
                builder.Append(number.ToString("R", CultureInfo.InvariantCulture));
                return;
            }
        }

        WriteString(value, builder);
    }

    public static void WriteString(string value, StringBuilder builder)
    {
        builder.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                default:
                    // Line and paragraph separators are legal in JSON strings but end a C# string literal.
                    if (c < ' ' || c == '\u2028' || c == '\u2029')
                    {
                        builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        builder.Append('"');
    }

    public static string QuoteString(string value)
    {
        var builder = new StringBuilder(value.Length + 2);
        WriteString(value, builder);
        return builder.ToString();
    }
}
