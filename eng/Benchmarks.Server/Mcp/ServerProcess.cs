using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Segnals.Benchmarks.Server.Mcp;

/// <summary>
/// A segnals-mcp child process spoken to with raw JSON-RPC lines over stdin/stdout (no SDK client, so the
/// client adds nothing but a pipe write and a line read). Every blocking read is bounded by a watchdog
/// that kills the process, so a hung server fails the benchmark instead of stalling it.
/// </summary>
internal sealed class ServerProcess : IDisposable
{
    public static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(20);

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private readonly Process _process;
    private readonly StreamWriter _stdin;
    private readonly StreamReader _stdout;
    private readonly Timer _watchdog;
    private readonly ConcurrentQueue<string> _stderrTail = new();
    private volatile bool _killedByWatchdog;

    private ServerProcess(Process process)
    {
        _process = process;
        _stdin = process.StandardInput;
        _stdin.AutoFlush = false;
        _stdout = process.StandardOutput;
        _watchdog = new Timer(_ => Kill(byWatchdog: true), null, Timeout.Infinite, Timeout.Infinite);
        process.ErrorDataReceived += (_, line) =>
        {
            if (line.Data is { } text)
            {
                _stderrTail.Enqueue(text);
                while (_stderrTail.Count > 20 && _stderrTail.TryDequeue(out string? _))
                {
                }
            }
        };
        process.BeginErrorReadLine();
    }

    public int Id => _process.Id;

    public TimeSpan CpuTime => _process.TotalProcessorTime;

    public static ServerProcess Start(ServerUnderTest server, IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo(server.ViaMuxer ? "dotnet" : server.Path)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardInputEncoding = Utf8,
            StandardOutputEncoding = Utf8,
            StandardErrorEncoding = Utf8,
            WorkingDirectory = Path.GetTempPath(),
        };
        if (server.ViaMuxer)
        {
            start.ArgumentList.Add(server.Path);
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // A clean slate: no inherited SEGNALS_* settings or runtime knobs, only what this run sets.
        foreach (var name in start.Environment.Keys.Where(name => name.StartsWith("SEGNALS_", StringComparison.Ordinal) || name.StartsWith("DOTNET_", StringComparison.Ordinal) || name.StartsWith("COMPlus_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        // Keep the muxer quiet and fast: no first-run telemetry banner.
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        return new ServerProcess(Process.Start(start) ?? throw new InvalidOperationException("Could not start " + server.Path));
    }

    public void Send(string line)
    {
        _stdin.Write(line);
        _stdin.Write('\n');
        _stdin.Flush();
    }

    /// <summary>Reads lines until the response to <paramref name="id"/>; returns it with the timestamp at which it arrived.</summary>
    public (string Line, long ArrivedAt) ReadResponse(long id)
    {
        _watchdog.Change(ReadTimeout, Timeout.InfiniteTimeSpan);
        try
        {
            while (true)
            {
                var line = _stdout.ReadLine();
                var arrived = Stopwatch.GetTimestamp();
                if (line is null)
                {
                    throw Failure($"stdout closed while waiting for response {id}");
                }

                if (ResponseId(line) == id)
                {
                    return (line, arrived);
                }
            }
        }
        finally
        {
            _watchdog.Change(Timeout.Infinite, Timeout.Infinite);
        }
    }

    /// <summary>Everything on stdout until the process closes it (for --version and --help).</summary>
    public string ReadToEnd()
    {
        _watchdog.Change(ReadTimeout, Timeout.InfiniteTimeSpan);
        try
        {
            return _stdout.ReadToEnd();
        }
        finally
        {
            _watchdog.Change(Timeout.Infinite, Timeout.Infinite);
        }
    }

    /// <summary>Closes stdin (EOF) and waits for the exit; returns the exit code.</summary>
    public int CloseInputAndWait()
    {
        _stdin.Close();
        return WaitForExit();
    }

    public int WaitForExit()
    {
        if (!_process.WaitForExit(ReadTimeout))
        {
            Kill(byWatchdog: false);
            throw Failure("the process did not exit within " + ReadTimeout.TotalSeconds + " s");
        }

        _process.WaitForExit();
        return _process.ExitCode;
    }

    /// <summary>Resident memory from /proc/&lt;pid&gt;/status: peak (VmHWM), current (VmRSS) and its anonymous, file-backed and shared parts.</summary>
    public MemoryStatus Memory()
    {
        var values = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && line.EndsWith(" kB", StringComparison.Ordinal))
            {
                values[line[..colon]] = long.Parse(line[(colon + 1)..^3].Trim(), CultureInfo.InvariantCulture);
            }
        }

        return new MemoryStatus(values.GetValueOrDefault("VmHWM", -1), values.GetValueOrDefault("VmRSS", -1), values.GetValueOrDefault("RssAnon", -1), values.GetValueOrDefault("RssFile", -1), values.GetValueOrDefault("RssShmem", -1));
    }

    /// <summary>Resident KiB by mapping (file path, or [heap], [anon], memfd:… for anonymous and shared memory), from /proc/&lt;pid&gt;/smaps.</summary>
    public IReadOnlyList<(string Mapping, long RssKiB)> ResidentByMapping()
    {
        var totals = new Dictionary<string, long>(StringComparer.Ordinal);
        var current = "[anon]";
        foreach (var line in File.ReadLines($"/proc/{_process.Id}/smaps"))
        {
            var fields = line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length >= 5 && fields[0].Contains('-', StringComparison.Ordinal) && !fields[0].EndsWith(':'))
            {
                current = fields.Length == 6 ? fields[5].Trim() : "[anon]";
            }
            else if (line.StartsWith("Rss:", StringComparison.Ordinal))
            {
                totals[current] = totals.GetValueOrDefault(current) + long.Parse(fields[1], CultureInfo.InvariantCulture);
            }
        }

        return totals.OrderByDescending(entry => entry.Value).Select(entry => (entry.Key, entry.Value)).ToList();
    }

    public void Dispose()
    {
        _watchdog.Dispose();
        if (!_process.HasExited)
        {
            Kill(byWatchdog: false);
            _process.WaitForExit(5000);
        }

        _process.Dispose();
    }

    public InvalidOperationException Failure(string what) =>
        new($"segnals-mcp {what}{(_killedByWatchdog ? " (killed by the watchdog)" : string.Empty)}. Last stderr lines:\n  " + string.Join("\n  ", _stderrTail));

    private void Kill(bool byWatchdog)
    {
        try
        {
            if (!_process.HasExited)
            {
                _killedByWatchdog |= byWatchdog;
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    /// <summary>The top-level "id" of a JSON-RPC response line, or -1 for notifications and requests.</summary>
    private static long ResponseId(string line)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(line));
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return -1;
        }

        long id = -1;
        var isResponse = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString();
            reader.Read();
            if (name == "id" && reader.TokenType == JsonTokenType.Number)
            {
                id = reader.GetInt64();
            }
            else if (name is "result" or "error")
            {
                isResponse = true;
            }

            reader.Skip();
        }

        return isResponse ? id : -1;
    }
}

/// <summary>KiB figures from /proc/&lt;pid&gt;/status.</summary>
internal sealed record MemoryStatus(long PeakKiB, long RssKiB, long AnonKiB, long FileKiB, long ShmemKiB)
{
    public static string MiB(long kib) => (kib / 1024.0).ToString("0.0", CultureInfo.InvariantCulture) + " MiB";
}
