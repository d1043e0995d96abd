using System.Net.Sockets;
using System.Text;

namespace Segnals.Testing;

/// <summary>
/// How a <see cref="FaultyBackend"/> script answers one request: properly, or with a fault staged at a
/// chosen point of the answer. Every method returns true so a script can end with it.
/// </summary>
public sealed class WireExchange
{
    private const string JsonType = "application/json";

    private readonly FaultyBackend _backend;
    private readonly Socket _socket;
    private readonly NetworkStream _stream;

    internal WireExchange(FaultyBackend backend, Socket socket, NetworkStream stream, CancellationToken stopping)
    {
        _backend = backend;
        _socket = socket;
        _stream = stream;
        Stopping = stopping;
    }

    /// <summary>The backend's key, for a script that plays a server echoing it back.</summary>
    public string Key => _backend.Key;

    /// <summary>Fires when the backend stops.</summary>
    public CancellationToken Stopping { get; }

    /// <summary>True once the connection was closed, reset or left with an unfinished answer.</summary>
    public bool Ended { get; private set; }

    /// <summary>A whole answer with a Content-Length; the connection stays open for the next request.</summary>
    public async Task<bool> AnswerAsync(int status, string body, string contentType = JsonType, params (string Name, string Value)[] headers)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        await WriteAsync(Head(status, contentType, $"Content-Length: {bytes.Length}", headers));
        await WriteAsync(bytes);
        return true;
    }

    /// <summary>Waits, as a slow API does; ends early only when the backend stops.</summary>
    public async Task DelayAsync(TimeSpan delay) => await Task.Delay(delay, Stopping);

    /// <summary>Closes the connection in order (FIN) with nothing (more) written.</summary>
    public Task<bool> CloseAsync()
    {
        Ended = true;
        _socket.Shutdown(SocketShutdown.Both);
        _socket.Close();
        return Task.FromResult(true);
    }

    /// <summary>Resets the connection (RST) with nothing (more) written.</summary>
    public Task<bool> ResetAsync()
    {
        Ended = true;
        _socket.LingerState = new LingerOption(enable: true, seconds: 0);
        _socket.Close();
        return Task.FromResult(true);
    }

    /// <summary>Writes the status line and part of the headers, then resets.</summary>
    public async Task<bool> ResetMidHeadersAsync()
    {
        await WriteAsync("HTTP/1.1 200 OK\r\nContent-Type: applica"u8.ToArray());
        return await ResetAsync();
    }

    /// <summary>Promises <paramref name="declaredLength"/> bytes of JSON, sends the start of it, then resets.</summary>
    public async Task<bool> ResetMidBodyAsync(int declaredLength = 4096)
    {
        await WriteStartOfBodyAsync(declaredLength);
        return await ResetAsync();
    }

    /// <summary>Promises <paramref name="declaredLength"/> bytes of JSON, sends the start of it, then closes in order.</summary>
    public async Task<bool> TruncateBodyAsync(int declaredLength = 4096)
    {
        await WriteStartOfBodyAsync(declaredLength);
        return await CloseAsync();
    }

    /// <summary>
    /// A 200 whose body does not end: it declares <paramref name="declaredLength"/> bytes (chunked when null)
    /// and writes until the client stops reading or the backend stops, so a test can see how much a client
    /// reads before it gives up (<see cref="FaultyBackend.BytesSent"/>).
    /// </summary>
    public async Task<bool> AnswerEndlesslyAsync(long? declaredLength)
    {
        Ended = true;
        var framing = declaredLength is { } length ? $"Content-Length: {length}" : "Transfer-Encoding: chunked";
        await WriteAsync(Head(200, JsonType, framing, []));
        var block = Encoding.ASCII.GetBytes("[" + string.Concat(Enumerable.Repeat("0,", 32 * 1024)));
        var chunk = declaredLength is null ? [.. Encoding.ASCII.GetBytes($"{block.Length:X}\r\n"), .. block, .. "\r\n"u8.ToArray()] : block;
        try
        {
            while (true)
            {
                await WriteAsync(chunk);
            }
        }
        catch (Exception exception) when (exception is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            return true;
        }
    }

    private async Task WriteStartOfBodyAsync(int declaredLength)
    {
        Ended = true;
        await WriteAsync(Head(200, JsonType, $"Content-Length: {declaredLength}", []));
        await WriteAsync("""{"bots":[{"id":1,"name":"cut off"""u8.ToArray());
        await _stream.FlushAsync(Stopping);

        // Lets the start of the body reach the client as its own segment before the connection ends.
        await Task.Delay(TimeSpan.FromMilliseconds(50), Stopping);
    }

    private static byte[] Head(int status, string contentType, string framing, (string Name, string Value)[] headers)
    {
        var head = new StringBuilder($"HTTP/1.1 {status} {ReasonPhrase(status)}\r\nContent-Type: {contentType}\r\n{framing}\r\n");
        foreach (var (name, value) in headers)
        {
            head.Append(name).Append(": ").Append(value).Append("\r\n");
        }

        return Encoding.ASCII.GetBytes(head.Append("\r\n").ToString());
    }

    private static string ReasonPhrase(int status) => status switch
    {
        200 => "OK",
        302 => "Found",
        307 => "Temporary Redirect",
        404 => "Not Found",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        _ => "Status",
    };

    private async Task WriteAsync(byte[] bytes)
    {
        await _stream.WriteAsync(bytes, Stopping);
        _backend.CountSent(bytes.Length);
    }
}
