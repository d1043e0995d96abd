namespace Segnals.Mcp.Replicas.Tests.Infrastructure;

/// <summary>Waits for something that happens in the background, such as the client reconnecting after Redis comes back.</summary>
internal static class Poll
{
    /// <summary>Polls until <paramref name="works"/> succeeds; fails the test past the deadline.</summary>
    public static async Task UntilAsync(Func<Task<bool>> works, string what, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(20));
        while (!await works())
        {
            Assert.True(DateTime.UtcNow < deadline, $"{what} did not happen in time");
            await Task.Delay(100);
        }
    }
}
