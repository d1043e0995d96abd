using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Segnals.Testing;

/// <summary>What a <see cref="FaultyBackend"/> received as one request (the key itself is never kept).</summary>
/// <param name="Connection">Which TCP connection carried it (1, 2, … in order of arrival).</param>
/// <param name="Path">The path relative to /api, without the query.</param>
/// <param name="Headers">Every header but Authorization.</param>
/// <param name="BearerMatched">The request carried the backend's key as its bearer token.</param>
/// <param name="CarriedKey">The key appeared anywhere in the request: line, headers or body.</param>
public sealed record WireRequest(
    int Connection,
    string Method,
    string Path,
    IReadOnlyDictionary<string, string> Headers,
    string Body,
    bool BearerMatched,
    bool CarriedKey,
    long Timestamp)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}

/// <summary>
/// An HTTP/1.1 server on 127.0.0.1 written on raw TCP, so a test can stage what Kestrel will not do: a
/// connection closed or reset before the answer, in the middle of its headers or of its body, a body
/// shorter than its Content-Length, an answer that never ends. It counts what reached it (connections
/// and requests), which is how the tests count attempts: on the wire, not in the client's code.
/// GET /keys/self answers with every scope unless the script handles it; anything else unscripted is 404.
/// </summary>
public sealed class FaultyBackend : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Func<WireRequest, WireExchange, Task<bool>> _script;
    private readonly ConcurrentBag<Task> _connections = [];
    private Task _accepting = Task.CompletedTask;
    private int _connectionCount;
    private long _bytesSent;

    private FaultyBackend(Func<WireRequest, WireExchange, Task<bool>> script, string key)
    {
        _script = script;
        Key = key;
    }

    public string Key { get; }

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Every request that arrived whole (request line, headers and body), in order of arrival.</summary>
    public ConcurrentQueue<WireRequest> Requests { get; } = new();

    /// <summary>TCP connections accepted so far.</summary>
    public int Connections => Volatile.Read(ref _connectionCount);

    /// <summary>Bytes written to clients so far, answers of every kind included.</summary>
    public long BytesSent => Interlocked.Read(ref _bytesSent);

    /// <param name="script">Handles a request through the exchange and returns true, or returns false for the
    /// defaults. Once it has closed, reset or left an answer unfinished, the connection ends.</param>
    /// <param name="key">The key whose presence is checked; a fresh canary key by default.</param>
    public static Task<FaultyBackend> StartAsync(Func<WireRequest, WireExchange, Task<bool>> script, string? key = null)
    {
        var backend = new FaultyBackend(script, key ?? CanaryKey.New());
        backend._listener.Start();
        var port = ((IPEndPoint)backend._listener.LocalEndpoint).Port;
        backend.BaseAddress = new Uri($"http://127.0.0.1:{port}/api");
        backend._accepting = backend.AcceptAsync();
        return Task.FromResult(backend);
    }

    /// <summary>Environment for a server talking to this backend with its key.</summary>
    public Dictionary<string, string?> Environment(params (string Name, string Value)[] more) => ServerEnvironment.For(Key, BaseAddress, more);

    /// <summary>Requests with this method and path (relative to /api) that arrived.</summary>
    public IReadOnlyList<WireRequest> Seen(string method, string path) =>
        Requests.Where(request => request.Method == method && request.Path == path).ToList();

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        await Task.WhenAll([_accepting, .. _connections]).WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(_ => { }, TaskScheduler.Default);
        _listener.Dispose();
        _stopping.Dispose();
    }

    internal void CountSent(int bytes) => Interlocked.Add(ref _bytesSent, bytes);

    private async Task AcceptAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(_stopping.Token);
            }
            catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            var connection = Interlocked.Increment(ref _connectionCount);
            _connections.Add(Task.Run(() => ServeAsync(socket, connection)));
        }
    }

    private async Task ServeAsync(Socket socket, int connection)
    {
        using var stream = new NetworkStream(socket, ownsSocket: true);
        var reader = new RequestReader(stream);
        try
        {
            while (await reader.ReadAsync(_stopping.Token) is { } raw)
            {
                var request = raw.ToWireRequest(connection, Key);
                Requests.Enqueue(request);
                var exchange = new WireExchange(this, socket, stream, _stopping.Token);
                if (!await _script(request, exchange))
                {
                    await AnswerByDefaultAsync(request, exchange);
                }

                if (exchange.Ended || request.Header("Connection") is { } value && value.Contains("close", StringComparison.OrdinalIgnoreCase))
                {
                    return;
                }
            }
        }
        catch (Exception exception) when (exception is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The client went away, or the script ended the connection: nothing more to serve.
        }
    }

    private async Task AnswerByDefaultAsync(WireRequest request, WireExchange exchange)
    {
        if (request is { Method: "GET", Path: "/keys/self" })
        {
            var scopes = string.Join(",", ScriptedBackend.AllScopes.Select(scope => $"\"{scope}\""));
            await exchange.AnswerAsync(200, $$"""{"key_id":7,"label":"faults","prefix":"{{Key[..12]}}","scopes":[{{scopes}}]}""");
            return;
        }

        await exchange.AnswerAsync(404, """{"message":"No such endpoint"}""");
    }

    /// <summary>Reads HTTP/1.1 requests (Content-Length bodies only, as our client sends) off one connection.</summary>
    private sealed class RequestReader(Stream stream)
    {
        private readonly byte[] _buffer = new byte[64 * 1024];
        private int _start;
        private int _end;

        public async Task<RawRequest?> ReadAsync(CancellationToken cancellationToken)
        {
            int headEnd;
            while ((headEnd = _buffer.AsSpan(_start, _end - _start).IndexOf("\r\n\r\n"u8)) < 0)
            {
                if (!await FillAsync(cancellationToken))
                {
                    return null;
                }
            }

            var head = Encoding.ASCII.GetString(_buffer, _start, headEnd);
            _start += headEnd + 4;
            var lines = head.Split("\r\n");
            var requestLine = lines[0].Split(' ');
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var line in lines.Skip(1))
            {
                var colon = line.IndexOf(':', StringComparison.Ordinal);
                headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
            }

            var length = headers.TryGetValue("Content-Length", out var declared) ? int.Parse(declared, System.Globalization.CultureInfo.InvariantCulture) : 0;
            while (_end - _start < length)
            {
                if (!await FillAsync(cancellationToken))
                {
                    return null;
                }
            }

            var body = Encoding.UTF8.GetString(_buffer, _start, length);
            _start += length;
            return new RawRequest(requestLine[0], requestLine[1], headers, head, body);
        }

        private async Task<bool> FillAsync(CancellationToken cancellationToken)
        {
            if (_start > 0)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }

            var read = await stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken);
            _end += read;
            return read > 0;
        }
    }

    private sealed record RawRequest(string Method, string Target, Dictionary<string, string> Headers, string Head, string Body)
    {
        public WireRequest ToWireRequest(int connection, string key)
        {
            var path = Target.Split('?')[0];
            path = path.StartsWith("/api", StringComparison.Ordinal) ? path["/api".Length..] : path;
            var authorization = Headers.GetValueOrDefault("Authorization");
            return new WireRequest(
                connection,
                Method,
                path,
                Headers.Where(header => !header.Key.Equals("Authorization", StringComparison.OrdinalIgnoreCase)).ToDictionary(StringComparer.OrdinalIgnoreCase),
                Body,
                authorization == "Bearer " + key,
                Head.Contains(key, StringComparison.Ordinal) || Body.Contains(key, StringComparison.Ordinal),
                System.Diagnostics.Stopwatch.GetTimestamp());
        }
    }
}
