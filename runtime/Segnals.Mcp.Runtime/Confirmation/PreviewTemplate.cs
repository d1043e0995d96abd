using System.Text;
using System.Text.Json;
using Segnals.Mcp.Runtime.Tools;

namespace Segnals.Mcp.Runtime.Confirmation;

/// <summary>Fills a preview template: {param} from the call's arguments, {lookup.path} from the look-up read.</summary>
public static class PreviewTemplate
{
    public const string NotSet = "(not set)";

    public static string Render(string template, IReadOnlyDictionary<string, JsonElement> arguments, JsonElement? lookup)
    {
        var output = new StringBuilder(template.Length + 32);
        var index = 0;
        while (index < template.Length)
        {
            var open = template.IndexOf('{', index);
            var close = open < 0 ? -1 : template.IndexOf('}', open + 1);
            if (open < 0 || close < 0)
            {
                output.Append(template, index, template.Length - index);
                break;
            }

            output.Append(template, index, open - index);
            output.Append(Resolve(template.Substring(open + 1, close - open - 1), arguments, lookup));
            index = close + 1;
        }

        return output.ToString();
    }

    public static JsonElement? ResolveValue(string field, IReadOnlyDictionary<string, JsonElement> arguments, JsonElement? lookup)
    {
        if (field.StartsWith("lookup.", StringComparison.Ordinal))
        {
            return lookup is { } found ? ResultPaths.Find(found, field["lookup.".Length..]) : null;
        }

        return arguments.TryGetValue(field, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;
    }

    private static string Resolve(string field, IReadOnlyDictionary<string, JsonElement> arguments, JsonElement? lookup) =>
        ResolveValue(field, arguments, lookup) switch
        {
            null => NotSet,
            { ValueKind: JsonValueKind.String } text => text.GetString() ?? string.Empty,
            { } other => other.GetRawText(),
        };
}
