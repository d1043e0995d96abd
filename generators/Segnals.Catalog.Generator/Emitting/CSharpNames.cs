using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace Segnals.Catalog.Generator.Emitting;

/// <summary>Turns catalog names (snake_case) into C# identifiers that never collide.</summary>
internal static class CSharpNames
{
    public static string Pascal(string snake)
    {
        var builder = new StringBuilder(snake.Length);
        var upper = true;
        foreach (var c in snake)
        {
            if (c == '_' || c == '-' || c == ':' || c == '.')
            {
                upper = true;
                continue;
            }

            builder.Append(upper ? char.ToUpperInvariant(c) : c);
            upper = false;
        }

        if (builder.Length == 0 || char.IsDigit(builder[0]))
        {
            builder.Insert(0, '_');
        }

        return builder.ToString();
    }

    public static string Camel(string snake)
    {
        var pascal = Pascal(snake);
        var camel = char.ToLowerInvariant(pascal[0]) + pascal.Substring(1);
        return IsKeyword(camel) ? "@" + camel : camel;
    }

    private static bool IsKeyword(string name) => name is "class" or "object" or "string" or "event" or "params" or "base" or "this" or "default" or "operator" or "checked" or "fixed" or "lock" or "in" or "out" or "ref" or "is" or "as" or "new" or "case" or "switch" or "for" or "while" or "do" or "if" or "else" or "return" or "namespace" or "public" or "private" or "internal" or "static" or "void" or "int" or "long" or "bool" or "double" or "decimal" or "char" or "byte" or "true" or "false" or "null" or "var" or "try" or "catch" or "finally" or "throw" or "using" or "struct" or "enum" or "interface" or "abstract" or "sealed" or "virtual" or "override" or "const" or "readonly" or "volatile" or "extern" or "unsafe" or "implicit" or "explicit" or "typeof" or "sizeof" or "goto" or "continue" or "break" or "foreach" or "float" or "short" or "ushort" or "uint" or "ulong" or "sbyte" or "delegate" or "protected" or "stackalloc" or "unchecked";
}

/// <summary>
/// Hands out identifiers, appending a number when two catalog names map to the same C# name
/// (e.g. "get_bot" and "get__bot"), so generated code always compiles.
/// </summary>
internal sealed class UniqueNameBuilder
{
    private readonly HashSet<string> _used = new(System.StringComparer.Ordinal);

    public UniqueNameBuilder(params string[] reserved)
    {
        foreach (var name in reserved)
        {
            _used.Add(name);
        }
    }

    public string Take(string candidate)
    {
        var name = candidate;
        for (var suffix = 2; !_used.Add(name); suffix++)
        {
            name = candidate + suffix.ToString(CultureInfo.InvariantCulture);
        }

        return name;
    }
}
