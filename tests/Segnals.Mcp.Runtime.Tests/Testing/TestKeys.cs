namespace Segnals.Mcp.Runtime.Tests.Testing;

internal static class TestKeys
{
    /// <summary>The key every transport test uses; no message, ToString or settings text may ever contain it.</summary>
    public const string ApiKey = "sk_test_SECRETsecret0123456789_-xyz";

    /// <summary>The part that must never leak, even without the prefix.</summary>
    public const string SecretPart = "SECRETsecret0123456789_-xyz";
}
