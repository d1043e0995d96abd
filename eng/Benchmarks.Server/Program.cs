using System.Globalization;
using System.Runtime.InteropServices;
using Segnals.Benchmarks.Server;
using Segnals.Benchmarks.Backends;
using Segnals.Benchmarks.Server.Backend;
using Segnals.Benchmarks.Measurement;
using Segnals.Benchmarks.Server.Mcp;
using Segnals.Benchmarks.Server.Scenarios;

// segnals-mcp benchmark (issue 3). Build the server and this benchmark in Release, then run, e.g.:
//   dotnet run -c Release --project eng/Benchmarks.Server
//   dotnet run -c Release --project eng/Benchmarks.Server -- --server a=<bin>/segnals-mcp --server b=<publish dir>
// Loopback only; every loop is bounded and every read has a watchdog. Servers and settings are measured
// interleaved (one spawn of each in turn), so load from other processes hits all of them alike.

const int ExpectedTools = 36;
const string ApiKey = "sk_test_benchABCDEFGHIJ0123456789";

Options options;
try
{
    options = Options.Parse(args);
}
catch (Exception exception) when (exception is ArgumentException or FormatException or InvalidOperationException or FileNotFoundException)
{
    Console.Error.WriteLine(exception.Message);
    return 2;
}

await using var backend = await StubBackend.StartAsync();
var environment = new Dictionary<string, string>(StringComparer.Ordinal)
{
    ["SEGNALS_API_KEY"] = ApiKey,
    ["SEGNALS_API_BASE"] = backend.ApiBase.ToString().TrimEnd('/'),
    ["SEGNALS_RATE_LIMIT_PER_MINUTE"] = options.RateLimitPerMinute.ToString(CultureInfo.InvariantCulture),
};
var servers = options.Servers;

Console.WriteLine("Segnals MCP server benchmark (segnals-mcp over stdio, raw JSON-RPC lines)");
Console.WriteLine($"  runtime  : {RuntimeInformation.FrameworkDescription}, {RuntimeInformation.OSDescription}, {RuntimeInformation.ProcessArchitecture}");
Console.WriteLine($"  machine  : {Cpu()}, {Environment.ProcessorCount} logical CPUs, load average {LoadAverage()}");
Console.WriteLine($"  backend  : stub Kestrel minimal API at {backend.ApiBase} (instant precomputed answers: GET /bots/, GET /keys/self with all 11 scopes)");
Console.WriteLine($"  settings : SEGNALS_API_KEY=sk_test_ + 24 chars, SEGNALS_RATE_LIMIT_PER_MINUTE={options.RateLimitPerMinute} (the server accepts at most 10,000)");
Console.WriteLine($"  plan     : {options.Spawns} spawns per case, interleaved; {options.CallRuns} processes × ({options.WarmUpCalls} warm-up + {options.Calls} measured) {Calls.ReadTool} calls");
foreach (var server in servers)
{
    Console.WriteLine($"  server   : {server.Label,-13} {server.Launcher}, {server.Build}, {server.Path}");
}

Console.WriteLine();

var floor = await BackendFloor.MeasureAsync(backend.ApiBase, ApiKey, options.WarmUpCalls, options.Calls);

// A. Spawns, interleaved across servers and both tools/list profiles (after two untimed spawns each:
// page cache, muxer resolution).
var compactEnvironment = With(environment, ["SEGNALS_TOOLS_LIST=compact"]);
var spawns = servers.ToDictionary(server => server, _ => new SpawnResult());
var compactSpawns = servers.ToDictionary(server => server, _ => new SpawnResult());
foreach (var server in servers)
{
    Spawn.Once(server, environment, ExpectedTools, new SpawnResult());
    Spawn.Once(server, environment, ExpectedTools, new SpawnResult());
}

Console.Error.WriteLine("  spawns...");
for (var round = 0; round < options.Spawns; round++)
{
    foreach (var server in servers)
    {
        Spawn.Once(server, environment, ExpectedTools, spawns[server]);
        Spawn.Once(server, compactEnvironment, ExpectedTools, compactSpawns[server]);
    }
}

// B. Commands that exit at once, interleaved.
Console.Error.WriteLine("  --help / --version...");
var help = servers.ToDictionary(server => server, _ => new Samples());
var version = servers.ToDictionary(server => server, _ => new Samples());
var muxerVersion = servers.ToDictionary(server => server, _ => new Samples());
for (var round = 0; round < options.Spawns; round++)
{
    foreach (var server in servers)
    {
        Spawn.Command(server, environment, "--help", help[server]);
        Spawn.Command(server, environment, "--version", version[server]);
        if (server.WithMuxer() is { } viaMuxer)
        {
            Spawn.Command(viaMuxer, environment, "--version", muxerVersion[server]);
        }
    }
}

// C. Read calls: several fresh processes per server, interleaved; the backend must see exactly the calls sent.
Console.Error.WriteLine("  read calls...");
var callRuns = servers.ToDictionary(server => server, _ => new List<CallResult>());
var unexpected = new List<string>();
for (var run = 0; run < options.CallRuns; run++)
{
    foreach (var server in servers)
    {
        backend.Requests.Clear();
        callRuns[server].Add(Calls.Measure(server, environment, options.WarmUpCalls, options.Calls));
        var served = backend.Requests.GetValueOrDefault("GET /api/bots/");
        if (served != options.WarmUpCalls + options.Calls)
        {
            throw new InvalidOperationException($"The backend saw {served} GET /api/bots/ requests, expected {options.WarmUpCalls + options.Calls}: {string.Join(", ", backend.Requests)}");
        }

        unexpected.AddRange(backend.Requests.Where(entry => entry.Key is not ("GET /api/bots/" or "GET /api/keys/self")).Select(entry => $"{server.Label}: {entry.Key} ×{entry.Value}"));
    }
}

double P50(ServerUnderTest server) => MedianOf(callRuns[server].Select(run => run.Latency.Median));
double P99(ServerUnderTest server) => MedianOf(callRuns[server].Select(run => run.Latency.Percentile(99)));
double PeakMiB(ServerUnderTest server) => MedianOf(callRuns[server].Select(run => run.AfterCalls.PeakKiB / 1024.0));

// 1. The headline table, next to the published TypeScript server.
Console.WriteLine("Results vs the published TypeScript server (same-machine figures from DESIGN.md) and our targets");
var headline = new Table(["metric", "TypeScript", "target", .. servers.Select(server => server.Label)]);
headline.Row(["spawn → tools/list, median", "207 ms", "≤ 20 ms", .. servers.Select(server => Verdict(spawns[server].ToolsList.Median, 20, Table.Ms(spawns[server].ToolsList.Median) + " ms"))]);
headline.Row(["spawn → tools/list, p95", "-", "-", .. servers.Select(server => Table.Ms(spawns[server].ToolsList.Percentile(95)) + " ms")]);
headline.Row([$"read call p50 ({Calls.ReadTool})", "0.9 ms", "≤ 0.15 ms", .. servers.Select(server => Verdict(P50(server), 0.15, Table.Number(P50(server), "0.000") + " ms"))]);
headline.Row(["read call p99", "~7 ms", "≤ 1 ms", .. servers.Select(server => Verdict(P99(server), 1, Table.Number(P99(server), "0.000") + " ms"))]);
headline.Row([$"peak RSS after {options.WarmUpCalls}+{options.Calls} calls", "119 MiB", "≤ 30 MiB", .. servers.Select(server => Verdict(PeakMiB(server), 30, Table.Number(PeakMiB(server), "0.0") + " MiB"))]);
headline.Row(["executable a client starts", "-", "-", .. servers.Select(server => Table.Number(server.ExecutableBytes / 1_048_576.0, "0.0") + " MiB" + (server.ViaMuxer ? " (+ shared runtime)" : string.Empty))]);
headline.Row(["build folder, symbols aside", "-", "-", .. servers.Select(server => Table.Number(server.FolderBytes / 1_048_576.0, "0.0") + " MiB" + (server.ViaMuxer ? " (+ shared runtime)" : string.Empty))]);
headline.Row(["tools/list result line, full (default)", "22.4 KB", "≤ 12 KB", .. servers.Select(server => ListSize(spawns[server]))]);
headline.Row(["tools/list result line, SEGNALS_TOOLS_LIST=compact", "22.4 KB", "≤ 12 KB", .. servers.Select(server => ListSize(compactSpawns[server]))]);
headline.Row(["spawn → tools/list, median, compact", "207 ms", "≤ 20 ms", .. servers.Select(server => Verdict(compactSpawns[server].ToolsList.Median, 20, Table.Ms(compactSpawns[server].ToolsList.Median) + " ms"))]);
Console.WriteLine(headline);
Console.WriteLine($"Spawn figures: median of {options.Spawns} spawns. Call figures: median across {options.CallRuns} processes of each one's p50/p99/peak.");
Console.WriteLine("KB = 1,000 bytes of the JSON-RPC response line including its newline; MiB = 1,048,576 bytes (VmHWM).");
Console.WriteLine("tools/list profiles: full states all four hints, closes each input schema and sends output schemas; compact states hints only where a client needs them, leaves the top level open (the server still refuses unknown arguments) and sends no output schemas.");
Console.WriteLine();

// 2. Read-call detail, one row per process.
Console.WriteLine($"Read calls: {options.Calls} sequential {Calls.ReadTool} after {options.WarmUpCalls} warm-up per process (latency = stdin write → response line read)");
var callTable = new Table("server / run", "p50 ms", "p90 ms", "p99 ms", "max ms", "mean ms", "CPU/call ms", "RSS after init", "after list", "after calls", "anon", "file", "shmem", "peak RSS");
foreach (var server in servers)
{
    foreach (var (run, index) in callRuns[server].Select((run, index) => (run, index)))
    {
        var latency = run.Latency;
        callTable.Row($"{server.Label} #{index + 1}", Table.Number(latency.Median, "0.000"), Table.Number(latency.Percentile(90), "0.000"), Table.Number(latency.Percentile(99), "0.000"), Table.Number(latency.Max, "0.000"), Table.Number(latency.Mean, "0.000"),
            Table.Number(run.CpuMsPerCall, "0.000"), MemoryStatus.MiB(run.AfterInitialize.RssKiB), MemoryStatus.MiB(run.AfterList.RssKiB), MemoryStatus.MiB(run.AfterCalls.RssKiB), MemoryStatus.MiB(run.AfterCalls.AnonKiB), MemoryStatus.MiB(run.AfterCalls.FileKiB), MemoryStatus.MiB(run.AfterCalls.ShmemKiB), MemoryStatus.MiB(run.AfterCalls.PeakKiB));
    }
}

callTable.Row("backend floor (HttpClient → stub, no MCP)", Table.Number(floor.Median, "0.000"), Table.Number(floor.Percentile(90), "0.000"), Table.Number(floor.Percentile(99), "0.000"), Table.Number(floor.Max, "0.000"), Table.Number(floor.Mean, "0.000"), "-", "-", "-", "-", "-", "-", "-", "-");
Console.WriteLine(callTable);
Console.WriteLine("Per-call decomposition (medians across processes of each one's p50, ms): what each layer adds");
var decomposition = new Table(["request", .. servers.Select(server => server.Label)]);
decomposition.Row(["JSON-RPC ping (stdio + framing + SDK dispatch)", .. servers.Select(server => Table.Number(MedianOf(callRuns[server].Select(run => run.Ping.Median)), "0.000"))]);
decomposition.Row([$"{Calls.LocalTool} (tool pipeline, no HTTP)", .. servers.Select(server => Table.Number(MedianOf(callRuns[server].Select(run => run.LocalTool.Median)), "0.000"))]);
decomposition.Row([$"{Calls.ReadTool} (+ HTTP to the stub, result shaping)", .. servers.Select(server => Table.Number(P50(server), "0.000"))]);
decomposition.Row(["backend floor: HttpClient → stub from this process", .. servers.Select(_ => Table.Number(floor.Median, "0.000"))]);
Console.WriteLine(decomposition);
Console.WriteLine("RSS parts (after calls): anon = GC heap, JIT data, native allocations; file = mapped assemblies and libraries; shmem = the double-mapped executable memory W^X uses for JIT code and stubs.");
foreach (var server in servers)
{
    var mappings = callRuns[server][^1].ResidentByMapping;
    var total = mappings.Sum(entry => entry.RssKiB);
    var top = new Table($"resident memory by mapping, '{server.Label}' (last run, after calls)", "RSS", "share");
    foreach (var (mapping, kib) in mappings.Take(12))
    {
        top.Row(mapping.Length > 90 ? "…" + mapping[^89..] : mapping, MemoryStatus.MiB(kib), (kib / (double)total).ToString("P1", CultureInfo.InvariantCulture));
    }

    var rest = mappings.Skip(12).ToList();
    top.Row($"{rest.Count} other mappings", MemoryStatus.MiB(rest.Sum(entry => entry.RssKiB)), (rest.Sum(entry => entry.RssKiB) / (double)total).ToString("P1", CultureInfo.InvariantCulture));
    Console.WriteLine(top);
}

Console.WriteLine("Unexpected backend requests: " + (unexpected.Count == 0 ? "none" : string.Join("; ", unexpected)));
Console.WriteLine();

// 3. Where start-up time goes.
Console.WriteLine($"Start-up breakdown (medians over {options.Spawns} spawns, ms)");
var startup = new Table(["phase", .. servers.Select(server => server.Label)]);
startup.Row(["--help: spawn → exit (runtime start + CLI)", .. servers.Select(server => Table.Ms(help[server].Median))]);
startup.Row(["--version: spawn → exit (+ catalog metadata)", .. servers.Select(server => Table.Ms(version[server].Median))]);
startup.Row(["--version via 'dotnet segnals-mcp.dll' (muxer)", .. servers.Select(server => muxerVersion[server].Count == 0 ? "n/a" : Table.Ms(muxerVersion[server].Median))]);
startup.Row(["spawn → initialize result", .. servers.Select(server => Table.Ms(spawns[server].Initialize.Median))]);
startup.Row(["initialize → first tools/list (incl. GET /keys/self)", .. servers.Select(server => Table.Ms(spawns[server].FirstListAfterInitialize.Median))]);
startup.Row(["= spawn → tools/list", .. servers.Select(server => Table.Ms(spawns[server].ToolsList.Median))]);
startup.Row(["warm tools/list round trip (same process)", .. servers.Select(server => Table.Number(MedianOf(callRuns[server].Select(run => run.WarmToolsList.Median)), "0.000"))]);
startup.Row(["server CPU time at first tools/list", .. servers.Select(server => Table.Ms(spawns[server].CpuAtList.Median))]);
startup.Row(["stdin EOF → process exit", .. servers.Select(server => Table.Ms(spawns[server].ExitAfterEof.Median))]);
Console.WriteLine(startup);

// 4. Runtime knobs, interleaved: one spawn per (setting, server) in turn.
if (options.Knobs)
{
    var knobs = new (string Name, string[] Settings)[]
    {
        ("(none: baseline)", []),
        ("DOTNET_ReadyToRun=1 (the default: a control row)", ["DOTNET_ReadyToRun=1"]),
        ("DOTNET_TieredPGO=0", ["DOTNET_TieredPGO=0"]),
        ("DOTNET_TC_QuickJitForLoops=0", ["DOTNET_TC_QuickJitForLoops=0"]),
        ("DOTNET_TC_QuickJitForLoops=1", ["DOTNET_TC_QuickJitForLoops=1"]),
        ("DOTNET_ReadyToRun=0", ["DOTNET_ReadyToRun=0"]),
        ("DOTNET_TieredCompilation=0", ["DOTNET_TieredCompilation=0"]),
        ("DOTNET_TC_QuickJit=0", ["DOTNET_TC_QuickJit=0"]),
        ("DOTNET_EnableWriteXorExecute=0", ["DOTNET_EnableWriteXorExecute=0"]),
        ("DOTNET_TieredPGO=0 + DOTNET_EnableWriteXorExecute=0", ["DOTNET_TieredPGO=0", "DOTNET_EnableWriteXorExecute=0"]),
    };
    Console.Error.WriteLine("  start-up knobs...");
    var knobResults = knobs.ToDictionary(knob => knob.Name, _ => servers.ToDictionary(server => server, _ => new SpawnResult()));
    for (var round = 0; round < options.Spawns; round++)
    {
        foreach (var (name, settings) in knobs)
        {
            foreach (var server in servers)
            {
                Spawn.Once(server, With(environment, settings), ExpectedTools, knobResults[name][server]);
            }
        }
    }

    Console.WriteLine($"Start-up knobs: spawn → initialize and → tools/list, medians over {options.Spawns} interleaved spawns, ms (Δ vs the same server's baseline)");
    Console.WriteLine("(The JIT and ReadyToRun knobs do nothing to a Native AOT build, which has neither: its rows are a control for noise.)");
    var knobTable = new Table(["environment", .. servers.SelectMany(server => new[] { server.Label + " init", server.Label + " list", server.Label + " Δ list" })]);
    foreach (var (name, settings) in knobs)
    {
        var cells = new List<string> { name };
        foreach (var server in servers)
        {
            var measured = knobResults[name][server];
            var baseline = knobResults[knobs[0].Name][server].ToolsList.Median;
            var delta = measured.ToolsList.Median - baseline;
            cells.Add(Table.Ms(measured.Initialize.Median));
            cells.Add(Table.Ms(measured.ToolsList.Median));
            cells.Add(settings.Length == 0 ? "-" : (delta >= 0 ? "+" : string.Empty) + Table.Ms(delta) + $" ({(delta / baseline).ToString("+0%;-0%;0%", CultureInfo.InvariantCulture)})");
        }

        knobTable.Row([.. cells]);
    }

    Console.WriteLine(knobTable);

    var memoryKnobs = new (string Name, string[] Settings)[]
    {
        ("(none: baseline)", []),
        ("DOTNET_TieredPGO=0", ["DOTNET_TieredPGO=0"]),
        ("DOTNET_TieredCompilation=0", ["DOTNET_TieredCompilation=0"]),
        ("DOTNET_EnableWriteXorExecute=0", ["DOTNET_EnableWriteXorExecute=0"]),
        ("DOTNET_GCgen0size=0x200000 (2 MiB)", ["DOTNET_GCgen0size=200000"]),
        ("DOTNET_GCgen0size=0x800000 (8 MiB)", ["DOTNET_GCgen0size=800000"]),
        ("DOTNET_GCConserveMemory=9", ["DOTNET_GCConserveMemory=9"]),
        ("DOTNET_TieredPGO=0 + EnableWriteXorExecute=0 + GCgen0size=0x200000", ["DOTNET_TieredPGO=0", "DOTNET_EnableWriteXorExecute=0", "DOTNET_GCgen0size=200000"]),
    };
    Console.Error.WriteLine("  memory knobs...");
    var memoryResults = servers.ToDictionary(server => server, _ => memoryKnobs.ToDictionary(knob => knob.Name, _ => new List<CallResult>()));
    for (var run = 0; run < options.CallRuns; run++)
    {
        foreach (var (name, settings) in memoryKnobs)
        {
            foreach (var server in servers)
            {
                memoryResults[server][name].Add(Calls.Measure(server, With(environment, settings), options.WarmUpCalls, options.Calls));
            }
        }
    }

    foreach (var server in servers)
    {
        Console.WriteLine($"Memory and latency knobs: the read-call run with each setting, server '{server.Label}', medians across {options.CallRuns} interleaved processes");
        var memoryTable = new Table("environment", "peak RSS", "anon", "file", "shmem", "p50 ms", "p99 ms");
        foreach (var (name, _) in memoryKnobs)
        {
            var runs = memoryResults[server][name];
            memoryTable.Row(name, Table.Number(MedianOf(runs.Select(run => run.AfterCalls.PeakKiB / 1024.0)), "0.0") + " MiB", Table.Number(MedianOf(runs.Select(run => run.AfterCalls.AnonKiB / 1024.0)), "0.0") + " MiB",
                Table.Number(MedianOf(runs.Select(run => run.AfterCalls.FileKiB / 1024.0)), "0.0") + " MiB", Table.Number(MedianOf(runs.Select(run => run.AfterCalls.ShmemKiB / 1024.0)), "0.0") + " MiB",
                Table.Number(MedianOf(runs.Select(run => run.Latency.Median)), "0.000"), Table.Number(MedianOf(runs.Select(run => run.Latency.Percentile(99))), "0.000"));
        }

        Console.WriteLine(memoryTable);
    }
}

// 5. What the tools/list bytes are made of, in both profiles.
Console.WriteLine("Full (default) profile:");
Console.WriteLine(ToolsListAnatomy.Describe(spawns[servers[0]].ToolsListLine));
Console.WriteLine("Compact profile:");
Console.WriteLine(ToolsListAnatomy.Describe(compactSpawns[servers[0]].ToolsListLine));
if (servers.Select(server => Bytes(spawns[server].ToolsListLine)).Distinct().Count() > 1)
{
    Console.WriteLine("Note: the servers' tools/list lines differ in size: " + string.Join(", ", servers.Select(server => server.Label + " " + Bytes(spawns[server].ToolsListLine))));
}

// 6. Optional: the real sandbox as the backend.
if (options.Sandbox)
{
    Console.Error.WriteLine("  sandbox backend...");
    await using var sandbox = await SandboxBackend.StartAsync();
    var sandboxEnvironment = new Dictionary<string, string>(environment, StringComparer.Ordinal)
    {
        ["SEGNALS_API_KEY"] = sandbox.ApiKey,
        ["SEGNALS_API_BASE"] = sandbox.ApiBase.ToString().TrimEnd('/'),
    };
    var sandboxFloor = await BackendFloor.MeasureAsync(sandbox.ApiBase, sandbox.ApiKey, options.WarmUpCalls, options.Calls);
    var sandboxCalls = Calls.Measure(servers[0], sandboxEnvironment, options.WarmUpCalls, options.Calls);
    Console.WriteLine($"Informational: the real sandbox as backend (SandboxHost: SQLite, auth, scopes; demo account; in the benchmark process), server '{servers[0].Label}'");
    Console.WriteLine(new Table("path", "p50 ms", "p99 ms", "peak RSS")
        .Row($"segnals-mcp {Calls.ReadTool} → sandbox", Table.Number(sandboxCalls.Latency.Median, "0.000"), Table.Number(sandboxCalls.Latency.Percentile(99), "0.000"), MemoryStatus.MiB(sandboxCalls.AfterCalls.PeakKiB))
        .Row("HttpClient GET /bots/ → sandbox (floor)", Table.Number(sandboxFloor.Median, "0.000"), Table.Number(sandboxFloor.Percentile(99), "0.000"), "-"));
}

Console.WriteLine($"Load average at the end: {LoadAverage()} (other processes on this machine add noise).");
return 0;

static string ListSize(SpawnResult spawn)
{
    var kilobytes = Bytes(spawn.ToolsListLine) / 1000.0;
    return Verdict(kilobytes, 12, Table.Number(kilobytes, "0.00") + " KB");
}

static Dictionary<string, string> With(IReadOnlyDictionary<string, string> environment, IEnumerable<string> settings)
{
    var result = new Dictionary<string, string>(environment, StringComparer.Ordinal);
    foreach (var setting in settings)
    {
        var equals = setting.IndexOf('=', StringComparison.Ordinal);
        result[setting[..equals]] = setting[(equals + 1)..];
    }

    return result;
}

static double MedianOf(IEnumerable<double> values)
{
    var samples = new Samples();
    foreach (var value in values)
    {
        samples.Add(value);
    }

    return samples.Median;
}

static string Verdict(double value, double target, string text) => text + (value <= target ? " ok" : " MISS");

static int Bytes(string line) => System.Text.Encoding.UTF8.GetByteCount(line) + 1;

static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

static string Cpu() => (File.Exists("/proc/cpuinfo")
    ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(line => line.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
    : null) ?? "unknown CPU";
