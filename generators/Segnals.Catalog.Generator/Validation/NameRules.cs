using System.Text.RegularExpressions;

namespace Segnals.Catalog.Generator.Validation;

internal static class NameRules
{
    private static readonly Regex ToolOrParameterName = new("^[a-z][a-z0-9_]{0,63}$", RegexOptions.CultureInvariant);

    public const int MaxSummaryLength = 300;

    public static bool IsValidName(string name) => ToolOrParameterName.IsMatch(name);
}
