using System.Globalization;
using System.Text;

namespace Segnals.Mcp.Runtime.Http;

/// <summary>
/// Builds a query string for generated client methods. Unset (null) values are left out, so optional
/// tool arguments the agent did not give never reach the API as empty parameters.
/// </summary>
public sealed class ApiQuery
{
    private readonly StringBuilder _query = new();

    public ApiQuery Add(string name, string? value) => value is null ? this : Append(name, value);

    public ApiQuery Add(string name, long? value) =>
        value is null ? this : Append(name, value.Value.ToString(CultureInfo.InvariantCulture));

    public ApiQuery Add(string name, double? value)
    {
        if (value is null)
        {
            return this;
        }

        // NaN and infinities have no meaning to the API; refusing them surfaces a caller bug instead of sending "NaN".
        if (!double.IsFinite(value.Value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), $"Query parameter '{name}' must be a finite number.");
        }

        // The default double format is the shortest text that round-trips; invariant so "0.5" never becomes "0,5".
        return Append(name, value.Value.ToString(CultureInfo.InvariantCulture));
    }

    public ApiQuery Add(string name, bool? value) => value is null ? this : Append(name, value.Value ? "true" : "false");

    /// <summary>Returns <paramref name="path"/> followed by "?a=1&amp;b=x", or the path unchanged when nothing was added.</summary>
    public string AppendTo(string path) => _query.Length == 0 ? path : path + "?" + _query;

    private ApiQuery Append(string name, string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (_query.Length > 0)
        {
            _query.Append('&');
        }

        _query.Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value));
        return this;
    }
}
