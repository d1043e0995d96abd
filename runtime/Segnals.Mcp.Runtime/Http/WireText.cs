namespace Segnals.Mcp.Runtime.Http;

/// <summary>
/// Values as the Segnals API reads them in a path or query string, where the generated client passes text:
/// Refit would write a boolean as .NET's "True", the API expects "true".
/// </summary>
public static class WireText
{
    public static string Of(bool value) => value ? "true" : "false";

    public static string? Of(bool? value) => value is { } known ? Of(known) : null;
}
