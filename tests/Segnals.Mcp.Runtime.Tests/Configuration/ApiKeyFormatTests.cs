using Segnals.Mcp.Runtime.Configuration;

namespace Segnals.Mcp.Runtime.Tests.Configuration;

public sealed class ApiKeyFormatTests
{
    [Theory]
    [InlineData("sk_live_abcdefghijklmnop", true)]
    [InlineData("sk_test_ABCD-efgh_1234-5678", true)]
    [InlineData("sk_live_abcdefghijklmno", false)]
    [InlineData("sk_live_abcdefghijklmnop\n", false)]
    [InlineData(" sk_live_abcdefghijklmnop", false)]
    [InlineData("sk_live_abcdefghijklmnop!", false)]
    [InlineData("sk_LIVE_abcdefghijklmnop", false)]
    [InlineData("sk_live_abcdefghijklmnöp", false)]
    [InlineData("", false)]
    public void Recognises_the_segnals_key_shape(string key, bool wellFormed) =>
        Assert.Equal(wellFormed, ApiKeyFormat.IsWellFormed(key));

    [Theory]
    [InlineData("sk_live_abcdefghijklmnop", "sk_live_…")]
    [InlineData("sk_test_abcdefghijklmnop", "sk_test_…")]
    [InlineData("sk_other_abcdefghijklmnop", "…")]
    [InlineData("hunter2", "…")]
    [InlineData("", "…")]
    public void Redaction_shows_at_most_the_public_prefix(string key, string redacted) =>
        Assert.Equal(redacted, ApiKeyFormat.Redact(key));
}
