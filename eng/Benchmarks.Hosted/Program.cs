using System.Globalization;
using Segnals.Benchmarks.Backends;
using Segnals.Benchmarks.Hosted;
using Segnals.Benchmarks.Hosted.Load;
using Segnals.Benchmarks.Hosted.Processes;
using Segnals.Benchmarks.Hosted.Roles;
using Segnals.Benchmarks.Measurement;

// The same executable plays the bare ceiling server and the proxy as child processes.
switch (args.FirstOrDefault())
{
    case "bare":
        await BareServer.RunAsync(int.Parse(args[1], CultureInfo.InvariantCulture), new Uri(args[2]), args[3]);
        return 0;
    case "proxy":
        await RoundRobinProxy.RunAsync(int.Parse(args[1], CultureInfo.InvariantCulture), args.Skip(2).Select(uri => new Uri(uri)).ToList());
        return 0;
}

var options = Options.Parse(args);
var caseWidth = options.Cases.Max(name => name.Length);
var hosted = new Lazy<string>(() => options.HostedAssembly ?? RepositoryBuild.HostedServer());
const string StubKey = "sk_test_benchmark0123456789abcdef";

await using var stub = await StubBackend.StartAsync();
await using var sandbox = options.Cases.Select(Options.BaseCase).Any(name => name.EndsWith("-sandbox", StringComparison.Ordinal)) ? await SandboxBackend.StartAsync() : null;
using var redis = options.Cases.Select(Options.BaseCase).Contains("replicas-stub") ? await RedisServer.StartAsync(options.Redis) : null;
await using var authorization = options.Cases.Select(Options.BaseCase).Any(name => name is "jwt-stub" or "opaque-stub") ? await StubAuthorizationServer.StartAsync(StubKey) : null;

Console.WriteLine($"{options.Clients} closed-loop clients, {options.WarmUp.TotalSeconds} s warm-up + {options.Measured.TotalSeconds} s per case, {options.Rounds} rounds interleaved, MCP {options.ProtocolVersion}, tools/call segnals_list_bots.");
Console.WriteLine($"Load average before: {LoadAverage()}");
var results = options.Cases.ToDictionary(name => name, _ => new List<(LoadResult Load, IReadOnlyList<long> PeakKiB)>());
for (var round = 1; round <= options.Rounds; round++)
{
    foreach (var name in options.Cases)
    {
        var added = Options.AddedSettings(name);
        var (apiBase, key) = Options.BaseCase(name).EndsWith("-sandbox", StringComparison.Ordinal) ? (sandbox!.ApiBase, sandbox.ApiKey) : (stub.ApiBase, StubKey);
        // The OAuth cases: every client sends the same user's access token, which the server exchanges once for the stub's key.
        var credential = Options.BaseCase(name) switch
        {
            "jwt-stub" => authorization!.MintJwt(),
            "opaque-stub" => authorization!.MintOpaque(),
            _ => key,
        };
        var (introspections, exchanges) = authorization is null ? (0, 0) : (authorization.Introspections, authorization.Exchanges);
        using var deployment = Options.BaseCase(name) switch
        {
            "bare-stub" or "bare-sandbox" => await Deployment.BareAsync(apiBase, key, added),
            "hosted-stub" or "hosted-sandbox" => await Deployment.HostedAsync(hosted.Value, apiBase, replicas: 1, redis: null, added),
            "jwt-stub" or "opaque-stub" => await Deployment.HostedAsync(hosted.Value, apiBase, replicas: 1, redis: null, authorization!.Environment().Concat(added).ToDictionary()),
            _ => await Deployment.HostedAsync(hosted.Value, apiBase, replicas: 2, redis?.ConnectionString, added),
        };
        var load = await ClosedLoopLoad.RunAsync(new McpCall(deployment.Endpoint, credential, "segnals_list_bots", options.ProtocolVersion), options.Clients, options.WarmUp, options.Measured);
        if (load.Latencies.Count == 0)
        {
            throw new InvalidOperationException($"{name}: no call succeeded ({load.Errors} errors); first error: {load.FirstError}");
        }

        var peaks = deployment.Measured.Select(server => ProcessMemory.PeakKiB(server.ProcessId)).ToList();
        results[name].Add((load, peaks));
        var oauth = authorization is null || credential == key ? string.Empty
            : $"  to the authorization server: {authorization.Introspections - introspections} introspection(s), {authorization.Exchanges - exchanges} exchange(s) for {load.Latencies.Count + load.Errors} measured calls and the warm-up";
        Console.WriteLine($"  round {round} {name.PadRight(caseWidth)} {load.CallsPerSecond,8:0} calls/s  p50 {Table.Ms(load.Latencies.Median)} ms  p99 {Table.Ms(load.Latencies.Percentile(99))} ms  errors {load.Errors}  peak {string.Join(" + ", peaks.Select(ProcessMemory.MiB))}{oauth}{(load.FirstError is null ? "" : "  first error: " + load.FirstError)}");
    }
}

var table = new Table("case", "calls/s (median)", "p50 ms", "p99 ms", "errors", "peak RSS per server");
foreach (var (name, runs) in results)
{
    var pooled = new Samples();
    foreach (var sample in runs.SelectMany(run => run.Load.Latencies.Values))
    {
        pooled.Add(sample);
    }

    var throughput = runs.Select(run => run.Load.CallsPerSecond).Order().ElementAt(runs.Count / 2);
    var peaks = Enumerable.Range(0, runs[0].PeakKiB.Count).Select(index => runs.Max(run => run.PeakKiB[index]));
    table.Row(name, Table.Number(throughput, "0"), Table.Ms(pooled.Median), Table.Ms(pooled.Percentile(99)), runs.Sum(run => run.Load.Errors).ToString(CultureInfo.InvariantCulture), string.Join(" + ", peaks.Select(ProcessMemory.MiB)));
}

Console.WriteLine();
Console.WriteLine(table);
Console.WriteLine($"Load average after: {LoadAverage()}");
return 0;

static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";
