using System.Security.Cryptography;

namespace Segnals.Testing;

/// <summary>
/// Well-formed API keys with a distinctive "CANARY" body, so a test can search every output for a
/// leak without knowing which key the backend handed out.
/// </summary>
public static class CanaryKey
{
    public const string Marker = "CANARY";

    /// <summary>sk_test_CANARY_ followed by 24 random letters and digits.</summary>
    public static string New() =>
        "sk_test_" + Marker + "_" + RandomNumberGenerator.GetString("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 24);
}
