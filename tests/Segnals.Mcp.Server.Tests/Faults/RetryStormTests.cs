using Segnals.Mcp.Server.Tests.Infrastructure;
using Segnals.Testing;
using Xunit;

namespace Segnals.Mcp.Server.Tests.Faults;

/// <summary>
/// The retry rule counted where it matters, at the backend: a backend that closes every connection
/// without answering once got 16 requests for one list call with SEGNALS_MAX_RETRIES=3, because the
/// HTTP handler silently repeated each of our attempts on a fresh connection.
/// </summary>
public sealed class RetryStormTests
{
    [Fact]
    public async Task A_backend_that_drops_every_connection_sees_one_plus_max_retries_requests_per_read_and_one_per_write()
    {
        await using var backend = await FaultyBackend.StartAsync((_, wire) => wire.CloseAsync());
        await using var session = await ServerSession.StartAsync(backend.Environment(("SEGNALS_MAX_RETRIES", "3")));

        var read = await session.CallAsync("segnals_list_bots");
        var write = await session.CallAsync("segnals_stop_bot", new { bot_id = 7 });

        Assert.Equal(4, backend.Seen("GET", "/bots/").Count);
        Assert.Single(backend.Seen("POST", "/bots/7/control"));
        Assert.InRange(backend.Seen("GET", "/keys/self").Count, 1, 4);
        Assert.Equal(backend.Requests.Count, backend.Connections);
        Assert.Contains("after 4 attempts", read.Error);
        Assert.Contains("sent once", write.Error);
    }
}
