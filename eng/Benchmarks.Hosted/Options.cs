using System.Globalization;

namespace Segnals.Benchmarks.Hosted;

/// <summary>The benchmark's command line.</summary>
internal sealed record Options(
    string? HostedAssembly,
    int Clients,
    TimeSpan WarmUp,
    TimeSpan Measured,
    int Rounds,
    IReadOnlyList<string> Cases,
    string ProtocolVersion,
    string Redis)
{
    public static readonly string[] AllCases = ["bare-stub", "hosted-stub", "jwt-stub", "opaque-stub", "replicas-stub", "bare-sandbox", "hosted-sandbox"];

    public const string Usage = """
        dotnet run -c Release --project eng/Benchmarks.Hosted -- [options]
          --hosted PATH        segnals-mcp-http.dll to measure (default: the Release build in the repository)
          --clients N          concurrent closed-loop clients (16)
          --warmup S           seconds of warm-up per case (3)
          --seconds S          measured seconds per case (10)
          --rounds N           rounds; every round runs every case, interleaved (2)
          --cases a,b          of bare-stub, hosted-stub, jwt-stub, opaque-stub, replicas-stub, bare-sandbox, hosted-sandbox (all)
                               (jwt-stub, opaque-stub: hosted-stub's calls with an OAuth access token instead of a key)
                               A case may add settings for its servers, e.g. hosted-stub+DOTNET_gcServer=0, to compare
                               a setting interleaved with the case without it.
          --protocol V         2025-11-25 or 2026-07-28 (2026-07-28)
          --redis auto|none|C  replicas share Redis: start redis-server when installed (auto), none, or a connection string
        """;

    public static Options Parse(string[] args)
    {
        var options = new Options(null, 16, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(10), 2, AllCases, "2026-07-28", "auto");
        for (var index = 0; index < args.Length; index++)
        {
            var value = index + 1 < args.Length ? args[index + 1] : throw new ArgumentException($"{args[index]} needs a value.\n{Usage}");
            options = args[index] switch
            {
                "--hosted" => options with { HostedAssembly = Path.GetFullPath(value) },
                "--clients" => options with { Clients = int.Parse(value, CultureInfo.InvariantCulture) },
                "--warmup" => options with { WarmUp = TimeSpan.FromSeconds(double.Parse(value, CultureInfo.InvariantCulture)) },
                "--seconds" => options with { Measured = TimeSpan.FromSeconds(double.Parse(value, CultureInfo.InvariantCulture)) },
                "--rounds" => options with { Rounds = int.Parse(value, CultureInfo.InvariantCulture) },
                "--cases" => options with { Cases = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) },
                "--protocol" => options with { ProtocolVersion = value },
                "--redis" => options with { Redis = value },
                _ => throw new ArgumentException($"Unknown option {args[index]}.\n{Usage}"),
            };
            index++;
        }

        foreach (var unknown in options.Cases.Select(BaseCase).Except(AllCases))
        {
            throw new ArgumentException($"Unknown case '{unknown}'.\n{Usage}");
        }

        // A malformed added setting is refused now, not after the backends have started.
        _ = options.Cases.Select(AddedSettings).ToList();

        return options;
    }

    /// <summary>The case a name runs: the name without its added settings.</summary>
    public static string BaseCase(string name) => name.Split('+')[0];

    /// <summary>The settings a case name adds for its servers (<c>case+KEY=VALUE+KEY=VALUE</c>).</summary>
    public static IReadOnlyDictionary<string, string> AddedSettings(string name) =>
        name.Split('+').Skip(1).Select(pair => pair.Split('=', 2)).ToDictionary(
            pair => pair[0],
            pair => pair.Length == 2 ? pair[1] : throw new ArgumentException($"'{name}': a setting is written KEY=VALUE.\n{Usage}"));
}
