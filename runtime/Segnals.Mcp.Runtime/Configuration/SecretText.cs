namespace Segnals.Mcp.Runtime.Configuration;

/// <summary>Decodes a shared secret given as hex or base64 (standard or url-safe), the two ways operators generate them.</summary>
internal static class SecretText
{
    public const int MinimumBytes = 32;

    public static bool TryDecode(string text, out byte[] bytes)
    {
        // Hex first: a hex string is also valid base64 and would decode to the wrong bytes.
        if (text.Length % 2 == 0 && text.All(char.IsAsciiHexDigit))
        {
            bytes = Convert.FromHexString(text);
            return true;
        }

        var base64 = text.Replace('-', '+').Replace('_', '/');
        base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
        var buffer = new byte[base64.Length];
        if (Convert.TryFromBase64String(base64, buffer, out var written))
        {
            bytes = buffer[..written];
            return true;
        }

        bytes = [];
        return false;
    }
}
