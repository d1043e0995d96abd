using System.Globalization;
using Segnals.Mcp.Server.Tests.Infrastructure;
using Segnals.Testing;
using Xunit;

namespace Segnals.Mcp.Server.Tests.Faults;

/// <summary>
/// An answer that never ends, or claims gigabytes, is read only up to the transport's bound (8 MiB), so
/// a broken or hostile server cannot fill the memory of the user's machine: the backend gets to send
/// little more than the bound plus what the sockets buffer, and the server's peak memory barely moves.
/// </summary>
public sealed class OversizedAnswerTests
{
    private const long MiB = 1024 * 1024;

    public static TheoryData<string> Shapes => new("4 GiB declared", "chunked without end");

    [Theory]
    [MemberData(nameof(Shapes))]
    public async Task An_endless_answer_is_read_up_to_the_bound_once_and_memory_stays_flat(string shape)
    {
        long? declared = shape == "4 GiB declared" ? 4096 * MiB : null;
        await using var backend = await FaultyBackend.StartAsync((request, wire) =>
            request.Path == "/bots/" ? wire.AnswerEndlesslyAsync(declared) : Task.FromResult(false));
        await using var session = await ServerSession.StartAsync(backend.Environment(("SEGNALS_TIMEOUT_MS", "20000")));
        await session.ListToolsAsync();
        var peakBefore = PeakResidentBytes(session.Process.Id);

        var outcome = await session.CallAsync("segnals_list_bots");

        Assert.Single(backend.Seen("GET", "/bots/"));
        Assert.Equal(
            "The Segnals API's answer was larger than the 8 MiB this server reads, so it was dropped unread; check that SEGNALS_API_BASE points at the Segnals API, or ask for less.",
            outcome.Error);
        Sentence.AssertOne(outcome.Error);

        // Loopback sockets buffer a few MiB each way; a client that kept reading would take gigabytes.
        Assert.True(backend.BytesSent < 40 * MiB, $"The backend got to send {backend.BytesSent / MiB} MiB.");
        if (peakBefore is { } before && PeakResidentBytes(session.Process.Id) is { } after)
        {
            Assert.True(after - before < 48 * MiB, $"Peak memory grew by {(after - before) / MiB} MiB reading the answer.");
        }
    }

    /// <summary>The process's peak resident memory (VmHWM), where the platform tells it.</summary>
    private static long? PeakResidentBytes(int processId)
    {
        var status = $"/proc/{processId}/status";
        if (!File.Exists(status))
        {
            return null;
        }

        var line = File.ReadLines(status).Single(line => line.StartsWith("VmHWM:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }
}
