using System.Globalization;
using Segnals.Benchmarks.Server.Mcp;

namespace Segnals.Benchmarks.Server;

/// <summary>Command line: which servers to measure and how much.</summary>
internal sealed record Options(
    IReadOnlyList<ServerUnderTest> Servers,
    int Spawns,
    int WarmUpCalls,
    int Calls,
    int CallRuns,
    bool Knobs,
    bool Sandbox,
    int RateLimitPerMinute)
{
    public const string Usage = """
        Usage: Benchmarks.Server [--server [label=]<segnals-mcp, segnals-mcp.dll or folder>]... [--spawns 20]
                                 [--warmup 50] [--calls 550] [--call-runs 3] [--no-knobs] [--no-platform] [--sandbox] [--rate-limit 10000]
          --server     a build to measure (repeat to compare, e.g. a=... b=...); default: this configuration's
                       runtime/Segnals.Mcp.Server output ("portable") and this platform's package build (on
                       linux-x64 the Native AOT one, "linux-x64 AOT"), published on the spot. A .dll runs via
                       'dotnet', anything else directly (apphost or native executable).
          --no-platform  skip publishing and measuring the platform build (saves a few minutes).
          --call-runs  fresh server processes for the read-call run (medians across them are reported).
          --no-knobs   skip the DOTNET_* start-up knob matrix.
          --sandbox    also measure read calls against the real sandbox API (informational).
        """;

    public static Options Parse(string[] args)
    {
        var servers = new List<ServerUnderTest>();
        int spawns = 20, warmUp = 50, calls = 550, callRuns = 3, rateLimit = 10_000;
        bool knobs = true, sandbox = false, platform = true;
        for (var index = 0; index < args.Length; index++)
        {
            string Value() => index + 1 < args.Length ? args[++index] : throw new ArgumentException(args[index] + " needs a value.\n" + Usage);
            int Number() => int.Parse(Value(), CultureInfo.InvariantCulture);
            switch (args[index])
            {
                case "--server": servers.Add(ServerUnderTest.Parse(Value(), servers.Count)); break;
                case "--spawns": spawns = Number(); break;
                case "--warmup": warmUp = Number(); break;
                case "--calls": calls = Number(); break;
                case "--call-runs": callRuns = Number(); break;
                case "--rate-limit": rateLimit = Number(); break;
                case "--no-knobs": knobs = false; break;
                case "--no-platform": platform = false; break;
                case "--sandbox": sandbox = true; break;
                default: throw new ArgumentException("Unknown argument " + args[index] + "\n" + Usage);
            }
        }

        if (spawns is < 1 or > 1000 || warmUp is < 0 or > 100_000 || calls is < 1 or > 100_000 || callRuns is < 1 or > 20)
        {
            throw new ArgumentException("Counts out of range: --spawns 1..1000, --warmup 0..100000, --calls 1..100000, --call-runs 1..20.");
        }

        if (servers.Count == 0)
        {
            // What users install: the portable package's build and, where this platform has one, its own package's.
            servers.Add(ServerUnderTest.Default());
            if (platform && PlatformBuild.Publish() is { } published)
            {
                servers.Add(published);
            }
        }

        return new Options(servers, spawns, warmUp, calls, callRuns, knobs, sandbox, rateLimit);
    }
}
