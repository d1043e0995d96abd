using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Segnals.Mcp.Replicas.Tests.Infrastructure;

/// <summary>
/// A real redis-server on 127.0.0.1 for one test: a free port, no persistence, its own scratch directory. It can
/// be stopped and started again on the same port (Redis going away and coming back, empty) or paused with
/// SIGSTOP (Redis hanging with its connections open).
/// </summary>
internal sealed class RedisServer : IAsyncDisposable
{
    public const string MissingReason =
        "redis-server is not installed, so the Redis tests are skipped: install it with `apt-get install redis-server` (./eng/test.sh does so when run as root)";

    private static readonly Lazy<string?> Executable = new(FindExecutable);

    private readonly string _directory = Directory.CreateTempSubdirectory("segnals-redis-").FullName;
    private readonly string? _password;
    private Process? _process;
    private bool _paused;

    private RedisServer(int port, string? password)
    {
        Port = port;
        _password = password;
    }

    public int Port { get; }

    /// <summary>A StackExchange.Redis connection string for this server (with its password, when it has one).</summary>
    public string ConnectionString => _password is null ? $"127.0.0.1:{Port}" : $"127.0.0.1:{Port},password={_password}";

    /// <summary>Reports the calling test skipped, with the reason, where redis-server is missing.</summary>
    public static void SkipIfMissing() => Skip.If(Executable.Value is null, MissingReason);

    /// <summary>A free loopback port nothing listens on (yet).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static async Task<RedisServer> StartAsync(int? port = null, string? password = null)
    {
        SkipIfMissing();

        // Another process may take a free port between our look and Redis's bind; a few tries settle it.
        for (var attempt = 1; ; attempt++)
        {
            var server = new RedisServer(port ?? FreePort(), password);
            try
            {
                await server.StartAgainAsync();
                return server;
            }
            catch (InvalidOperationException) when (port is null && attempt < 3)
            {
                await server.DisposeAsync();
            }
        }
    }

    /// <summary>Starts redis-server on this server's port, empty: what a Redis without persistence is after a restart.</summary>
    public async Task StartAgainAsync()
    {
        if (_process is not null)
        {
            throw new InvalidOperationException("The Redis server is already running.");
        }

        var start = new ProcessStartInfo(Executable.Value!)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _directory,
        };
        foreach (var argument in (string[])["--port", $"{Port}", "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", _directory, "--logfile", ""])
        {
            start.ArgumentList.Add(argument);
        }

        if (_password is not null)
        {
            start.ArgumentList.Add("--requirepass");
            start.ArgumentList.Add(_password);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start.");
        _process = process;
        _ = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var output = new List<string>();
        try
        {
            while (await process.StandardOutput.ReadLineAsync(deadline.Token) is { } line)
            {
                output.Add(line);
                if (line.Contains("Ready to accept connections", StringComparison.Ordinal))
                {
                    // Keep draining, so a full pipe never blocks the server.
                    _ = DrainAsync(process.StandardOutput);
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }

        await StopAsync();
        throw new InvalidOperationException($"redis-server on port {Port} did not become ready:\n{string.Join('\n', output)}");
    }

    /// <summary>Kills the server, as a crash or a lost node would: connections drop, everything in memory is gone.</summary>
    public async Task StopAsync()
    {
        if (_process is not { } process)
        {
            return;
        }

        _process = null;
        if (_paused)
        {
            Signal(process, "CONT");
            _paused = false;
        }

        if (!process.HasExited)
        {
            process.Kill();
        }

        await process.WaitForExitAsync();
        process.Dispose();
    }

    /// <summary>Freezes the server (SIGSTOP): connections stay open and nothing answers.</summary>
    public void Pause()
    {
        Signal(_process ?? throw new InvalidOperationException("The Redis server is not running."), "STOP");
        _paused = true;
    }

    public void Resume()
    {
        Signal(_process ?? throw new InvalidOperationException("The Redis server is not running."), "CONT");
        _paused = false;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static void Signal(Process process, string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-" + signal, process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false })!;
        kill.WaitForExit();
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -{signal} failed with exit code {kill.ExitCode}.");
        }
    }

    private static async Task DrainAsync(StreamReader output)
    {
        try
        {
            while (await output.ReadLineAsync() is not null)
            {
            }
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private static string? FindExecutable() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, "redis-server"))
            .FirstOrDefault(File.Exists);
}
