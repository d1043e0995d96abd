using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Segnals.Benchmarks.Hosted.Processes;

/// <summary>
/// A server the benchmark runs as a child process on a loopback port: started, waited for until it
/// answers (GET /healthz for HTTP servers, a TCP connection otherwise), measured (peak RSS), and killed
/// with its process tree on dispose.
/// </summary>
/// <remarks>
/// Its output goes to a file, as a container runtime collects a server's stdout, and is read only when the server
/// fails to start. Read line by line by this process instead, a hosted server's one log line per request took the load
/// generator's CPU on the same two cores, and the benchmark measured its own log reader as much as the server.
/// </remarks>
internal sealed class ChildServer : IDisposable
{
    private static readonly TimeSpan ReadyWithin = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly string _output;

    private ChildServer(Process process, string output, string name, int port)
    {
        _process = process;
        _output = output;
        Name = name;
        Port = port;
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
    }

    public string Name { get; }

    public int Port { get; }

    public Uri BaseAddress { get; }

    public int ProcessId => _process.Id;

    /// <summary>Starts <c>dotnet <paramref name="assembly"/> <paramref name="arguments"/></c> and waits until GET /healthz answers.</summary>
    public static Task<ChildServer> StartDotnetAsync(string name, string assembly, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment, int port) =>
        StartAsync(name, "dotnet", [assembly, .. arguments], environment, port, httpReadiness: true);

    /// <summary>Starts a native server and waits until its port accepts connections.</summary>
    public static Task<ChildServer> StartNativeAsync(string name, string program, IReadOnlyList<string> arguments, int port) =>
        StartAsync(name, program, arguments, new Dictionary<string, string>(), port, httpReadiness: false);

    private static async Task<ChildServer> StartAsync(string name, string program, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment, int port, bool httpReadiness)
    {
        // The shell only opens the output file and then becomes the server (exec), so the process measured is the server.
        var output = Path.Combine(Path.GetTempPath(), $"segnals-bench-{Environment.ProcessId}-{port}.log");
        var start = new ProcessStartInfo("/bin/sh")
        {
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var argument in (string[])["-c", "exec \"$0\" \"$@\" > \"$SEGNALS_BENCH_OUTPUT\" 2>&1", program, .. arguments])
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var inherited in start.Environment.Keys.Where(key => key.StartsWith("SEGNALS_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(inherited);
        }

        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["SEGNALS_BENCH_OUTPUT"] = output;
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start.");
        var server = new ChildServer(process, output, name, port);
        try
        {
            await server.WaitUntilReadyAsync(httpReadiness);
            return server;
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    /// <summary>A loopback port nothing listens on right now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
        }

        _process.Dispose();
        File.Delete(_output);
    }

    private async Task WaitUntilReadyAsync(bool http)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.GetTimestamp() + (long)(ReadyWithin.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < deadline)
        {
            if (_process.HasExited)
            {
                throw Failure($"exited with code {_process.ExitCode} before it was ready");
            }

            try
            {
                if (http)
                {
                    using var response = await client.GetAsync(new Uri(BaseAddress, "healthz"));
                    if (response.IsSuccessStatusCode)
                    {
                        return;
                    }
                }
                else
                {
                    using var socket = new TcpClient();
                    await socket.ConnectAsync(IPAddress.Loopback, Port);
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (SocketException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(50);
        }

        throw Failure($"was not ready within {ReadyWithin.TotalSeconds} s");
    }

    private InvalidOperationException Failure(string what)
    {
        var tail = File.Exists(_output) ? File.ReadLines(_output).TakeLast(20) : [];
        return new($"{Name} {what}. Last output lines:\n  " + string.Join("\n  ", tail));
    }
}
