using System.Diagnostics;
using Segnals.Benchmarks.Measurement;
using Segnals.Benchmarks.Server.Mcp;

namespace Segnals.Benchmarks.Server.Scenarios;

/// <summary>
/// One long-lived server: handshake, 21 tools/list (the first one validated, the other 20 timed warm),
/// then sequential read calls (warm-up, then the measured ones), then its memory. Latency is pipe write →
/// response line read, nothing else.
/// </summary>
internal static class Calls
{
    public const string ReadTool = "segnals_list_bots";

    /// <summary>A read tool the catalog answers itself (no backend call): the MCP and tool pipeline without HTTP.</summary>
    public const string LocalTool = "segnals_get_safety_disclaimer";

    private const int DecompositionCalls = 200;

    public static CallResult Measure(ServerUnderTest server, IReadOnlyDictionary<string, string> environment, int warmUp, int calls)
    {
        using var process = ServerProcess.Start(server, environment);
        process.Send(JsonRpc.Initialize(0));
        JsonRpc.Result(process.ReadResponse(0).Line, "initialize");
        process.Send(JsonRpc.Initialized);
        var afterInitialize = process.Memory();

        long id = 1;
        var warmList = new Samples();
        for (var index = 0; index < 21; index++)
        {
            var started = Stopwatch.GetTimestamp();
            process.Send(JsonRpc.ToolsList(id));
            var (line, arrived) = process.ReadResponse(id++);
            if (index > 0)
            {
                warmList.Add(Stopwatch.GetElapsedTime(started, arrived).TotalMilliseconds);
            }
            else
            {
                JsonRpc.Result(line, "tools/list");
            }
        }

        var afterList = process.Memory();
        var latencies = new Samples();
        var cpuBefore = TimeSpan.Zero;
        var last = string.Empty;
        for (var index = 0; index < warmUp + calls; index++)
        {
            if (index == warmUp)
            {
                cpuBefore = process.CpuTime;
            }

            var started = Stopwatch.GetTimestamp();
            process.Send(JsonRpc.CallTool(id, ReadTool));
            var (line, arrived) = process.ReadResponse(id++);
            latencies.Add(Stopwatch.GetElapsedTime(started, arrived).TotalMilliseconds, keep: index >= warmUp);
            if (index == 0)
            {
                JsonRpc.Result(line, ReadTool);
            }

            last = line;
        }

        JsonRpc.Result(last, ReadTool);
        var cpu = process.CpuTime - cpuBefore;
        var afterCalls = process.Memory();
        var mappings = process.ResidentByMapping();

        // After the memory reading: the same loop for a JSON-RPC ping and for a tool answered without HTTP.
        var ping = Loop(process, ref id, warmUp, DecompositionCalls, JsonRpc.Ping, "ping");
        var local = Loop(process, ref id, warmUp, DecompositionCalls, next => JsonRpc.CallTool(next, LocalTool), LocalTool);
        var exitCode = process.CloseInputAndWait();
        if (exitCode != 0)
        {
            throw process.Failure("exited with code " + exitCode + " on stdin EOF");
        }

        return new CallResult(latencies, warmList, afterInitialize, afterList, afterCalls, cpu.TotalMilliseconds / calls, mappings, ping, local);
    }

    private static Samples Loop(ServerProcess process, ref long id, int warmUp, int calls, Func<long, string> request, string what)
    {
        var samples = new Samples();
        for (var index = 0; index < warmUp + calls; index++)
        {
            var started = Stopwatch.GetTimestamp();
            process.Send(request(id));
            var (line, arrived) = process.ReadResponse(id++);
            samples.Add(Stopwatch.GetElapsedTime(started, arrived).TotalMilliseconds, keep: index >= warmUp);
            if (index == 0)
            {
                JsonRpc.Result(line, what);
            }
        }

        return samples;
    }
}

internal sealed record CallResult(
    Samples Latency,
    Samples WarmToolsList,
    MemoryStatus AfterInitialize,
    MemoryStatus AfterList,
    MemoryStatus AfterCalls,
    double CpuMsPerCall,
    IReadOnlyList<(string Mapping, long RssKiB)> ResidentByMapping,
    Samples Ping,
    Samples LocalTool);
