using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;

namespace Segnals.Mcp.Server.Tests.Infrastructure;

/// <summary>
/// The real segnals-mcp executable (built beside the tests by the project reference) run as a child
/// process: `dotnet segnals-mcp.dll args…`, with a clean SEGNALS_* environment, every stdout byte and
/// stderr line captured for the assertions and the canary.
/// </summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    public static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(10);

    private readonly Process _process;
    private readonly CapturingStream _stdout;
    private readonly ConcurrentQueue<string> _stderr = new();
    private readonly TaskCompletionSource _stderrClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ServerProcess(Process process)
    {
        _process = process;
        _stdout = new CapturingStream(process.StandardOutput.BaseStream);
        process.ErrorDataReceived += (_, line) =>
        {
            if (line.Data is null)
            {
                _stderrClosed.TrySetResult();
            }
            else
            {
                _stderr.Enqueue(line.Data);
            }
        };
        process.BeginErrorReadLine();
    }

    /// <summary>The server's own build output, copied beside the tests by the project file.</summary>
    public static string DllPath { get; } = Path.Combine(AppContext.BaseDirectory, "server", "segnals-mcp.dll");

    public int Id => _process.Id;

    /// <summary>Write side of the server's stdin.</summary>
    public Stream Input => _process.StandardInput.BaseStream;

    /// <summary>Read side of the server's stdout; everything read through it is captured.</summary>
    public Stream Output => _stdout;

    public string StdoutText => _stdout.CapturedText;

    public IReadOnlyList<string> StderrLines => _stderr.ToArray();

    public string StderrText => string.Join('\n', _stderr);

    public bool HasExited => _process.HasExited;

    /// <param name="workingDirectory">Where the process starts (the test's own by default), as a client may launch it anywhere.</param>
    public static ServerProcess Start(IEnumerable<string> arguments, IReadOnlyDictionary<string, string?> environment, string? workingDirectory = null) =>
        Start("dotnet", [DllPath, .. arguments], environment, workingDirectory);

    /// <summary>Starts any command (the installed tool's shim, for the packaging test) the same way.</summary>
    public static ServerProcess Start(string command, IEnumerable<string> arguments, IReadOnlyDictionary<string, string?> environment, string? workingDirectory = null)
    {
        var info = new ProcessStartInfo(command)
        {
            WorkingDirectory = workingDirectory ?? string.Empty,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        // Nothing from the developer's own shell may change what the server does.
        foreach (var name in info.Environment.Keys.Where(name => name.StartsWith("SEGNALS_", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            info.Environment.Remove(name);
        }

        info.Environment["DOTNET_NOLOGO"] = "1";
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
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

        var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start " + command);
        return new ServerProcess(process);
    }

    /// <summary>Writes raw text to stdin (a line per call unless the text ends the line itself).</summary>
    public async Task WriteRawAsync(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        await Input.WriteAsync(bytes);
        await Input.FlushAsync();
    }

    /// <summary>Closes stdin: the EOF an MCP client sends when it goes away.</summary>
    public void CloseInput()
    {
        try
        {
            _process.StandardInput.Close();
        }
        catch (IOException)
        {
            // Already closed by the process exiting.
        }
        catch (ObjectDisposedException)
        {
        }
    }

    /// <summary>Waits for the process to exit, drains its output, and returns the exit code; fails (after killing it) on timeout.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? ExitTimeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            Kill();
            throw new TimeoutException($"segnals-mcp (pid {_process.Id}) did not exit within {(timeout ?? ExitTimeout).TotalSeconds:0.#} s. stderr:\n{StderrText}");
        }

        await _stdout.DrainAsync();
        await _stderrClosed.Task.WaitAsync(TimeSpan.FromSeconds(5));
        return _process.ExitCode;
    }

    /// <summary>Reads one stdout line (a JSON-RPC message), or null at end of output.</summary>
    public Task<string?> ReadLineAsync(TimeSpan? timeout = null) =>
        _stdout.ReadLineAsync().WaitAsync(timeout ?? TimeSpan.FromSeconds(15));

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            CloseInput();
            try
            {
                await _process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(5)).Token);
            }
            catch (OperationCanceledException)
            {
                Kill();
            }
        }

        _process.Dispose();
    }

    private void Kill()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }
        catch (InvalidOperationException)
        {
        }
    }

    /// <summary>A read-through stream that keeps a copy of every byte, and can hand out lines for raw tests.</summary>
    private sealed class CapturingStream(Stream inner) : Stream
    {
        private readonly MemoryStream _captured = new();
        private readonly Lock _gate = new();
        private readonly byte[] _lineBuffer = new byte[64 * 1024];
        private int _lineStart;
        private int _lineEnd;

        public string CapturedText
        {
            get
            {
                lock (_gate)
                {
                    return Encoding.UTF8.GetString(_captured.GetBuffer(), 0, (int)_captured.Length);
                }
            }
        }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Record(inner.Read(buffer, offset, count), buffer.AsSpan(offset));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var read = await inner.ReadAsync(buffer, cancellationToken);
            return Record(read, buffer.Span);
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        /// <summary>Line reader for raw tests (not mixed with a transport reading the same stream).</summary>
        public async Task<string?> ReadLineAsync()
        {
            var line = new List<byte>();
            while (true)
            {
                if (_lineStart == _lineEnd)
                {
                    _lineStart = 0;
                    _lineEnd = await ReadAsync(_lineBuffer.AsMemory());
                    if (_lineEnd == 0)
                    {
                        return line.Count == 0 ? null : Encoding.UTF8.GetString(line.ToArray());
                    }
                }

                var newline = Array.IndexOf(_lineBuffer, (byte)'\n', _lineStart, _lineEnd - _lineStart);
                if (newline < 0)
                {
                    line.AddRange(_lineBuffer.AsSpan(_lineStart, _lineEnd - _lineStart).ToArray());
                    _lineStart = _lineEnd;
                    continue;
                }

                line.AddRange(_lineBuffer.AsSpan(_lineStart, newline - _lineStart).ToArray());
                _lineStart = newline + 1;
                return Encoding.UTF8.GetString(line.ToArray()).TrimEnd('\r');
            }
        }

        /// <summary>Reads whatever is left after exit so the capture is complete.</summary>
        public async Task DrainAsync()
        {
            var buffer = new byte[8192];
            try
            {
                using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                while (await ReadAsync(buffer.AsMemory(), cancel.Token) > 0)
                {
                }
            }
            catch (Exception exception) when (exception is ObjectDisposedException or IOException or OperationCanceledException or InvalidOperationException)
            {
                // The transport owns the stream and may have closed it; what it read is captured already.
            }
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }

        private int Record(int read, ReadOnlySpan<byte> data)
        {
            if (read > 0)
            {
                lock (_gate)
                {
                    _captured.Write(data[..read]);
                }
            }

            return read;
        }
    }
}
