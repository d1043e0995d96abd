namespace Segnals.Benchmarks.Hosted.Processes;

/// <summary>The Redis replicas share: a throwaway redis-server on loopback (no persistence), an operator's one, or none.</summary>
internal sealed class RedisServer : IDisposable
{
    private readonly ChildServer? _process;

    private RedisServer(string? connectionString, ChildServer? process)
    {
        ConnectionString = connectionString;
        _process = process;
    }

    /// <summary>Null when the replicas run without Redis (each with its own in-process stores).</summary>
    public string? ConnectionString { get; }

    /// <param name="choice">auto (start redis-server when installed), none, or a connection string.</param>
    public static async Task<RedisServer> StartAsync(string choice)
    {
        if (choice == "none")
        {
            return new RedisServer(null, null);
        }

        if (choice != "auto")
        {
            return new RedisServer(choice, null);
        }

        var program = new[] { "/usr/bin/redis-server", "/usr/local/bin/redis-server" }.FirstOrDefault(File.Exists);
        if (program is null)
        {
            Console.WriteLine("redis-server is not installed (apt-get install redis-server): the replicas run without Redis.");
            return new RedisServer(null, null);
        }

        var port = ChildServer.FreePort();
        var process = await ChildServer.StartNativeAsync("redis-server", program, ["--port", port.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], port);
        return new RedisServer($"127.0.0.1:{port}", process);
    }

    public void Dispose() => _process?.Dispose();
}
