using Segnals.Testing;
using Xunit;

namespace Segnals.Mcp.Server.Tests.Infrastructure;

/// <summary>
/// The API key must never appear in any output. Scripted backends use a key with a distinctive
/// "CANARY" body; sandbox keys are random, so each one is searched for by its secret part (everything
/// past the 12-character display prefix the API itself may show).
/// </summary>
internal static class Canary
{
    public const string Marker = CanaryKey.Marker;

    private const int DisplayPrefixLength = 12;

    /// <summary>A well-formed key nobody else uses: sk_test_CANARY_ + 24 random characters.</summary>
    public static string NewKey() => CanaryKey.New();

    /// <summary>Fails when <paramref name="text"/> holds the marker or any part of a key past its display prefix.</summary>
    public static void AssertAbsent(string text, IEnumerable<string> keys, string where)
    {
        Assert.False(text.Contains(Marker, StringComparison.Ordinal), $"The canary key leaked into {where}.");
        foreach (var key in keys.Where(key => key.Length > DisplayPrefixLength))
        {
            var secret = key[DisplayPrefixLength..];
            Assert.False(text.Contains(secret, StringComparison.Ordinal), $"An API key (beyond its display prefix) leaked into {where}.");
        }
    }
}
