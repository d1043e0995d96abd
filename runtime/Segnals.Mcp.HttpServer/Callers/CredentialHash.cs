using System.Security.Cryptography;
using System.Text;

namespace Segnals.Mcp.HttpServer.Callers;

/// <summary>
/// What a credential (an API key, an access token) is cached under: its full SHA-256. Never the credential itself, and
/// never a short prefix, which could collide and hand one caller another's entry.
/// </summary>
internal static class CredentialHash
{
    public static string Of(string credential) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(credential)));
}
