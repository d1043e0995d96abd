using Xunit;

namespace Segnals.Mcp.Server.Tests.Infrastructure;

internal static class Sentence
{
    /// <summary>An error an agent can act on: one line, one sentence, ending in a full stop, no stack trace.</summary>
    public static void AssertOne(string text)
    {
        Assert.False(string.IsNullOrWhiteSpace(text), "The error text is empty.");
        Assert.DoesNotContain('\n', text);
        Assert.EndsWith(".", text);
        foreach (var stop in new[] { ". ", "! ", "? " })
        {
            Assert.False(text.Contains(stop, StringComparison.Ordinal), $"Expected one sentence, found a sentence break '{stop.Trim()}' in: {text}");
        }

        Assert.DoesNotContain("Exception", text);
        Assert.DoesNotContain("   at ", text);
    }
}
