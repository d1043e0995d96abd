using System.Security.Cryptography;

namespace Segnals.Benchmarks.Hosted.Processes;

/// <summary>What one case puts under load: the servers (measured for memory) and the URL the clients call.</summary>
internal sealed class Deployment : IDisposable
{
    private readonly List<ChildServer> _processes;

    private Deployment(string name, Uri endpoint, IReadOnlyList<ChildServer> measured, List<ChildServer> processes)
    {
        Name = name;
        Endpoint = endpoint;
        Measured = measured;
        _processes = processes;
    }

    public string Name { get; }

    /// <summary>The MCP endpoint the clients POST to.</summary>
    public Uri Endpoint { get; }

    /// <summary>The MCP servers whose peak RSS is reported (not the proxy or Redis).</summary>
    public IReadOnlyList<ChildServer> Measured { get; }

    /// <summary>The bare ceiling: this benchmark's own "bare" role.</summary>
    /// <param name="more">More settings for the server process (e.g. a GC setting to compare).</param>
    public static async Task<Deployment> BareAsync(Uri apiBase, string apiKey, IReadOnlyDictionary<string, string> more)
    {
        var port = ChildServer.FreePort();
        var bare = await ChildServer.StartDotnetAsync("bare server", typeof(Deployment).Assembly.Location, ["bare", port.ToString(), apiBase.AbsoluteUri, apiKey], new Dictionary<string, string>(), port);
        return new Deployment("bare MCP server", new Uri(bare.BaseAddress, "mcp"), [bare], [bare]);
    }

    /// <summary>
    /// segnals-mcp-http: one replica called directly, or several sharing a confirmation secret (and Redis,
    /// when given) behind the round-robin proxy.
    /// </summary>
    /// <param name="more">More settings for every replica (e.g. OAuth).</param>
    public static async Task<Deployment> HostedAsync(string hostedAssembly, Uri apiBase, int replicas, string? redis, IReadOnlyDictionary<string, string>? more = null)
    {
        var processes = new List<ChildServer>();
        try
        {
            var secret = Convert.ToHexString(RandomNumberGenerator.GetBytes(32));
            var servers = new List<ChildServer>();
            for (var index = 0; index < replicas; index++)
            {
                var port = ChildServer.FreePort();
                var environment = new Dictionary<string, string>
                {
                    ["SEGNALS_MCP_HOST"] = "127.0.0.1",
                    ["SEGNALS_MCP_PORT"] = port.ToString(),
                    ["SEGNALS_API_BASE"] = apiBase.AbsoluteUri,
                    ["SEGNALS_RATE_LIMIT_PER_MINUTE"] = "1000000",
                    ["SEGNALS_CONFIRMATION_SECRET"] = secret,
                };
                if (redis is not null)
                {
                    environment["SEGNALS_REDIS"] = redis;
                }

                foreach (var (name, value) in more ?? new Dictionary<string, string>())
                {
                    environment[name] = value;
                }

                var server = await ChildServer.StartDotnetAsync($"segnals-mcp-http #{index + 1}", hostedAssembly, [], environment, port);
                processes.Add(server);
                servers.Add(server);
            }

            if (replicas == 1)
            {
                return new Deployment("segnals-mcp-http", new Uri(servers[0].BaseAddress, "mcp"), servers, processes);
            }

            var proxyPort = ChildServer.FreePort();
            var proxy = await ChildServer.StartDotnetAsync("proxy", typeof(Deployment).Assembly.Location, ["proxy", proxyPort.ToString(), .. servers.Select(server => server.BaseAddress.AbsoluteUri)], new Dictionary<string, string>(), proxyPort);
            processes.Add(proxy);
            return new Deployment($"segnals-mcp-http ×{replicas} behind a round-robin proxy{(redis is null ? "" : " (Redis)")}", new Uri(proxy.BaseAddress, "mcp"), servers, processes);
        }
        catch
        {
            processes.ForEach(process => process.Dispose());
            throw;
        }
    }

    public void Dispose() => _processes.ForEach(process => process.Dispose());
}
