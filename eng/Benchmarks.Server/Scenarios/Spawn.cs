using System.Diagnostics;
using Segnals.Benchmarks.Measurement;
using Segnals.Benchmarks.Server.Mcp;

namespace Segnals.Benchmarks.Server.Scenarios;

/// <summary>
/// Spawn → initialize → tools/list, the way an MCP client starts a stdio server: initialize, wait for its
/// result, send notifications/initialized and tools/list, wait for the list. Then stdin EOF → exit.
/// Callers interleave servers and settings one spawn at a time, so machine noise hits all of them alike.
/// </summary>
internal static class Spawn
{
    public static void Once(ServerUnderTest server, IReadOnlyDictionary<string, string> environment, int expectedTools, SpawnResult result)
    {
        var started = Stopwatch.GetTimestamp();
        using var process = ServerProcess.Start(server, environment);
        process.Send(JsonRpc.Initialize(0));
        var (initialize, initialized) = process.ReadResponse(0);
        process.Send(JsonRpc.Initialized);
        process.Send(JsonRpc.ToolsList(1));
        var (list, listed) = process.ReadResponse(1);
        var cpu = process.CpuTime;
        var closing = Stopwatch.GetTimestamp();
        var exitCode = process.CloseInputAndWait();
        var exited = Stopwatch.GetTimestamp();

        JsonRpc.Result(initialize, "initialize");
        var tools = JsonRpc.Result(list, "tools/list").GetProperty("tools").GetArrayLength();
        if (tools != expectedTools)
        {
            throw new InvalidOperationException($"tools/list returned {tools} tools, expected {expectedTools}.");
        }

        if (exitCode != 0)
        {
            throw process.Failure("exited with code " + exitCode + " on stdin EOF");
        }

        result.Initialize.Add(Stopwatch.GetElapsedTime(started, initialized).TotalMilliseconds);
        result.ToolsList.Add(Stopwatch.GetElapsedTime(started, listed).TotalMilliseconds);
        result.FirstListAfterInitialize.Add(Stopwatch.GetElapsedTime(initialized, listed).TotalMilliseconds);
        result.ExitAfterEof.Add(Stopwatch.GetElapsedTime(closing, exited).TotalMilliseconds);
        result.CpuAtList.Add(cpu.TotalMilliseconds);
        result.ToolsListLine = list;
    }

    /// <summary>A command that prints and exits (--version, --help): spawn to exit.</summary>
    public static void Command(ServerUnderTest server, IReadOnlyDictionary<string, string> environment, string argument, Samples samples)
    {
        var started = Stopwatch.GetTimestamp();
        using var process = ServerProcess.Start(server, environment, argument);
        process.ReadToEnd();
        var exitCode = process.WaitForExit();
        samples.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        if (exitCode != 0)
        {
            throw process.Failure(argument + " exited with code " + exitCode);
        }
    }
}

internal sealed class SpawnResult
{
    public Samples Initialize { get; } = new();

    public Samples ToolsList { get; } = new();

    public Samples FirstListAfterInitialize { get; } = new();

    public Samples ExitAfterEof { get; } = new();

    public Samples CpuAtList { get; } = new();

    public string ToolsListLine { get; set; } = string.Empty;
}
