using System.Collections.Generic;

namespace Segnals.Catalog.Generator.Validation;

/// <summary>Finds the {field} names in a template text ("Delete bot {bot_id} {lookup.bot.name}").</summary>
internal static class TemplateFields
{
    public static IEnumerable<string> Find(string template)
    {
        var start = -1;
        for (var i = 0; i < template.Length; i++)
        {
            if (template[i] == '{')
            {
                start = i + 1;
            }
            else if (template[i] == '}' && start >= 0)
            {
                yield return template.Substring(start, i - start);
                start = -1;
            }
        }
    }

    /// <summary>"{bot_id}" → "bot_id"; anything else is a literal and gives null.</summary>
    public static string? WholeField(string template) =>
        template.Length > 2 && template[0] == '{' && template[template.Length - 1] == '}' && template.IndexOf('{', 1) < 0
            ? template.Substring(1, template.Length - 2)
            : null;
}
