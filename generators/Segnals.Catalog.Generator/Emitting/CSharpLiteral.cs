using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Segnals.Catalog.Generator.Parsing;

namespace Segnals.Catalog.Generator.Emitting;

/// <summary>C# literals for values that come from YAML: every string escaped, numbers invariant.</summary>
internal static class CSharpLiteral
{
    /// <summary>
    /// A quoted, escaped string. The JSON escapes we write (\", \\, \n, \r, \t, \uXXXX) are all valid
    /// C# escapes too, so one escaper serves both languages.
    /// </summary>
    public static string String(string? value) => value is null ? "null" : YamlJson.QuoteString(value);

    public static string Bool(bool value) => value ? "true" : "false";

    public static string NullableLong(double? value) => value is null ? "null" : ((long)value.Value).ToString(CultureInfo.InvariantCulture) + "L";

    public static string NullableDouble(double? value) => value is null ? "null" : value.Value.ToString("R", CultureInfo.InvariantCulture) + "d";

    public static string NullableInt(int? value) => value is null ? "null" : value.Value.ToString(CultureInfo.InvariantCulture);

    public static string StringArray(IEnumerable<string>? values) =>
        values is null ? "null" : "new string[] { " + string.Join(", ", values.Select(String)) + " }";
}
