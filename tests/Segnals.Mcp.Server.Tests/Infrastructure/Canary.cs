using Segnals.Testing;
using Xunit;

namespace Segnals.Mcp.Server.Tests.Infrastructure;

/// <summary>The API key must never appear in any output (see <see cref="LeakCheck"/> for how it is searched for).</summary>
internal static class Canary
{
    public const string Marker = CanaryKey.Marker;

    /// <summary>A well-formed key nobody else uses: sk_test_CANARY_ + 24 random characters.</summary>
    public static string NewKey() => CanaryKey.New();

    /// <summary>Fails when <paramref name="text"/> holds the marker or any part of a key past its display prefix.</summary>
    public static void AssertAbsent(string text, IEnumerable<string> keys, string where) =>
        Assert.Null(LeakCheck.Find(text, keys, where));
}
