using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace Segnals.Catalog.Generator.Emitting;

/// <summary>C# literals for values that come from YAML: every string escaped, numbers invariant.</summary>
internal static class CSharpLiteral
{
    public static string String(string? value)
    {
        if (value is null)
        {
            return "null";
        }

        var builder = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                case '\0': builder.Append("\\0"); break;
                default:
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

        return builder.Append('"').ToString();
    }

    public static string Bool(bool value) => value ? "true" : "false";

    public static string NullableLong(double? value) => value is null ? "null" : ((long)value.Value).ToString(CultureInfo.InvariantCulture) + "L";

    public static string NullableDouble(double? value) => value is null ? "null" : value.Value.ToString("R", CultureInfo.InvariantCulture) + "d";

    public static string NullableInt(int? value) => value is null ? "null" : value.Value.ToString(CultureInfo.InvariantCulture);

    public static string StringArray(IEnumerable<string>? values) =>
        values is null ? "null" : "new string[] { " + string.Join(", ", values.Select(String)) + " }";
}
