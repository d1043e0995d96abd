using System.Text;
using System.Text.Json;

namespace Segnals.Mcp.Runtime.Http;

/// <summary>
/// Reads the fields of a Segnals error body ({message} or the older {msg}, plus required and field) as
/// short single-line text, because it is quoted inside a one-sentence message shown to an agent.
/// </summary>
internal static class ApiErrorBody
{
    private const int LongestQuotedText = 300;

    public static string? Message(JsonElement body) => Text(body, "message") ?? Text(body, "msg");

    public static string? RequiredScope(JsonElement body) => Text(body, "required");

    public static string? Field(JsonElement body) => Text(body, "field");

    private static string? Text(JsonElement body, string name)
    {
        if (body.ValueKind != JsonValueKind.Object ||
            !body.TryGetProperty(name, out var value) ||
            value.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        var cleaned = SingleLine(value.GetString()!);
        return cleaned.Length == 0 ? null : cleaned;
    }

    /// <summary>Collapses whitespace and control characters, trims a final full stop (we add our own), caps the length.</summary>
    private static string SingleLine(string text)
    {
        var builder = new StringBuilder(Math.Min(text.Length, LongestQuotedText + 1));
        var pendingSpace = false;
        foreach (var character in text)
        {
            if (char.IsWhiteSpace(character) || char.IsControl(character))
            {
                pendingSpace = builder.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }

            builder.Append(character);
            if (builder.Length >= LongestQuotedText)
            {
                return builder.Append('…').ToString();
            }
        }

        return builder.ToString().TrimEnd('.');
    }
}
