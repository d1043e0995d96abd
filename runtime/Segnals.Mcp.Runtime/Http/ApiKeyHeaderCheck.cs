namespace Segnals.Mcp.Runtime.Http;

/// <summary>
/// Checks the key can go into an Authorization header before HttpClient sees it: HttpClient's own
/// format errors quote the header value, which would put the key into an exception message.
/// </summary>
internal static class ApiKeyHeaderCheck
{
    public static void ThrowIfUnsendable(string? apiKey)
    {
        if (string.IsNullOrEmpty(apiKey))
        {
            throw new ArgumentException("The API key is required.", nameof(apiKey));
        }

        foreach (var character in apiKey)
        {
            // Visible ASCII only (token68 and friends); spaces and control characters break the header.
            if (character is <= ' ' or > '~')
            {
                throw new ArgumentException("The API key contains characters that cannot be sent in an HTTP header.", nameof(apiKey));
            }
        }
    }
}
