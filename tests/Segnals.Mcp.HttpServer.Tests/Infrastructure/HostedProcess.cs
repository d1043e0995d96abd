using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Segnals.Testing;
using Xunit;

namespace Segnals.Mcp.HttpServer.Tests.Infrastructure;

/// <summary>
/// The real hosted server as a child process on 127.0.0.1 (a free port it picks and announces on stderr):
/// `dotnet server/http/segnals-mcp-http.dll serve --http …`, or through the launcher users type,
/// `dotnet server/segnals-mcp.dll serve --http …`. A clean SEGNALS_* environment; every stdout and stderr line
/// is kept for the assertions and the key-leak check.
/// </summary>
internal sealed partial class HostedProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _stdout = new();
    private readonly ConcurrentQueue<string> _stderr = new();
    private readonly TaskCompletionSource<Uri> _serving = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _stdoutClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _stderrClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private bool _disposed;

    private HostedProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, line) =>
        {
            if (line.Data is null)
            {
                _stdoutClosed.TrySetResult();
            }
            else
            {
                _stdout.Enqueue(line.Data);
            }
        };
        process.ErrorDataReceived += (_, line) =>
        {
            if (line.Data is null)
            {
                _stderrClosed.TrySetResult();
                return;
            }

            _stderr.Enqueue(line.Data);
            if (ServingLine().Match(line.Data) is { Success: true } serving)
            {
                _serving.TrySetResult(new Uri(serving.Groups["base"].Value));
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public static string ServerFolder { get; } = Path.Combine(AppContext.BaseDirectory, "server");

    /// <summary>Where the server listens, e.g. http://127.0.0.1:41234 (no path).</summary>
    public Uri BaseAddress { get; private set; } = null!;

    public Uri Mcp => new(BaseAddress, "/mcp");

    public Uri ReadOnly => new(BaseAddress, "/mcp/readonly");

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public IReadOnlyList<string> StdoutLines => _stdout.ToArray();

    public string StderrText => string.Join('\n', _stderr);

    /// <param name="environment">SEGNALS_* (and other) variables; a null value removes one.</param>
    /// <param name="arguments">Arguments after `serve --http --port 0`.</param>
    /// <param name="throughLauncher">Start `segnals-mcp serve --http` (which execs the hosted server) instead of segnals-mcp-http itself.</param>
    public static async Task<HostedProcess> StartAsync(IReadOnlyDictionary<string, string?> environment, IEnumerable<string>? arguments = null, bool throughLauncher = false)
    {
        var dll = throughLauncher ? Path.Combine(ServerFolder, "segnals-mcp.dll") : Path.Combine(ServerFolder, "http", "segnals-mcp-http.dll");
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in (string[])[dll, "serve", "--http", "--port", "0", .. arguments ?? []])
        {
            info.ArgumentList.Add(argument);
        }

        // Nothing from the developer's own shell may change what the server does.
        foreach (var name in info.Environment.Keys.Where(name => name.StartsWith("SEGNALS_", StringComparison.OrdinalIgnoreCase) || name.StartsWith("OTEL_", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            info.Environment.Remove(name);
        }

        info.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (name, value) in environment)
        {
            if (value is null)
            {
                info.Environment.Remove(name);
            }
            else
            {
                info.Environment[name] = value;
            }
        }

        var process = new HostedProcess(Process.Start(info) ?? throw new InvalidOperationException("Could not start the hosted server."));
        try
        {
            var exited = process._process.WaitForExitAsync();
            var first = await Task.WhenAny(process._serving.Task, exited).WaitAsync(StartTimeout);
            if (first != process._serving.Task)
            {
                throw new InvalidOperationException($"The hosted server exited with code {process._process.ExitCode} before serving. stderr:\n{process.StderrText}");
            }

            process.BaseAddress = await process._serving.Task;
            return process;
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    /// <summary>Sends SIGTERM, as an orchestrator stopping a replica does.</summary>
    public void Terminate()
    {
        using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) } })!;
        kill.WaitForExit();
        if (kill.ExitCode != 0 && !_process.HasExited)
        {
            throw new InvalidOperationException($"kill -TERM {_process.Id} failed with exit code {kill.ExitCode}.");
        }
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"The hosted server did not exit within {timeout.TotalSeconds:0} s. stderr:\n{StderrText}");
        }

        await Task.WhenAll(_stdoutClosed.Task, _stderrClosed.Task).WaitAsync(TimeSpan.FromSeconds(5));
        return _process.ExitCode;
    }

    /// <summary>Fails when stdout or stderr holds the canary marker or any part of these keys past their display prefix.</summary>
    public void AssertNoKeyIn(IEnumerable<string> keys)
    {
        var keyList = keys.ToList();
        Assert.Null(LeakCheck.Find(string.Join('\n', _stdout), keyList, "stdout"));
        Assert.Null(LeakCheck.Find(StderrText, keyList, "stderr"));
    }

    /// <summary>Stops the server (SIGTERM, then a kill if it hangs) and waits until its output is complete; safe to call twice.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (!_process.HasExited)
        {
            try
            {
                Terminate();
                await _process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(20)).Token);
            }
            catch (Exception exception) when (exception is OperationCanceledException or InvalidOperationException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }

        await Task.WhenAll(_stdoutClosed.Task, _stderrClosed.Task).WaitAsync(TimeSpan.FromSeconds(5));
        _process.Dispose();
    }

    [GeneratedRegex(@"serving MCP .* at (?<base>http://127\.0\.0\.1:\d+)/")]
    private static partial Regex ServingLine();
}
