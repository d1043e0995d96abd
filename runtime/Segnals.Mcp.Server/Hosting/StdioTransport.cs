using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Threading.Channels;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace Segnals.Mcp.Server.Hosting;

/// <summary>
/// MCP over stdin and stdout, one JSON-RPC message per line, where the end of stdin ends reading only.
/// </summary>
/// <remarks>
/// We do not use the SDK's StreamServerTransport because of how it ends: at EOF it marks itself
/// disconnected, and a disconnected transport silently drops every message it is asked to send. A
/// client that writes a batch and closes stdin (scripts, CI checks, some clients) got no answer at all,
/// although the server had read every request. stdin and stdout are two pipes: "no more requests" is
/// not "stop answering". Here EOF completes the incoming channel, so the server drains it and waits
/// for its handlers, while answers keep going to stdout until the transport is disposed.
/// </remarks>
internal sealed class StdioTransport : ITransport
{
    private static readonly byte[] Newline = "\n"u8.ToArray();

    private readonly Channel<JsonRpcMessage> _incoming = Channel.CreateUnbounded<JsonRpcMessage>(new UnboundedChannelOptions { SingleWriter = true });
    private readonly StreamReader _input;
    private readonly Stream _output;
    private readonly Action _inputEnded;
    private readonly SemaphoreSlim _writing = new(1, 1);
    private readonly CancellationTokenSource _disposed = new();

    /// <param name="inputEnded">Called once when stdin ends (or breaks): nothing more will be read.</param>
    public StdioTransport(Stream input, Stream output, Action inputEnded)
    {
        _input = new StreamReader(input, System.Text.Encoding.UTF8);
        _output = output;
        _inputEnded = inputEnded;

        // Runs until EOF; not awaited on disposal, because a read blocked in the operating system
        // cannot always be woken, and the process is ending anyway.
        _ = Task.Run(ReadAsync);
    }

    public string? SessionId => null;

    public ChannelReader<JsonRpcMessage> MessageReader => _incoming.Reader;

    private static JsonTypeInfo MessageType => McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(JsonRpcMessage));

    public async Task SendMessageAsync(JsonRpcMessage message, CancellationToken cancellationToken = default)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(message, MessageType);
        await _writing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed.IsCancellationRequested, this);
            await _output.WriteAsync(json, cancellationToken).ConfigureAwait(false);
            await _output.WriteAsync(Newline, cancellationToken).ConfigureAwait(false);
            await _output.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writing.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _writing.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_disposed.IsCancellationRequested)
            {
                return;
            }

            await _disposed.CancelAsync().ConfigureAwait(false);
            await _output.FlushAsync().ConfigureAwait(false);
        }
        finally
        {
            _writing.Release();
        }

        _incoming.Writer.TryComplete();
    }

    private async Task ReadAsync()
    {
        try
        {
            while (await _input.ReadLineAsync(_disposed.Token).ConfigureAwait(false) is { } line)
            {
                if (string.IsNullOrWhiteSpace(line))
                {
                    continue;
                }

                if (Parse(line) is { } message)
                {
                    _incoming.Writer.TryWrite(message);
                }
                else if (RequestIdOf(line) is { } id)
                {
                    // An answer, so the caller's request does not wait forever; garbage without an id is skipped.
                    await SendMessageAsync(new JsonRpcError
                    {
                        Id = id,
                        Error = new JsonRpcErrorDetail { Code = (int)McpErrorCode.ParseError, Message = "The line is not a valid JSON-RPC 2.0 message." },
                    }).ConfigureAwait(false);
                }
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // A broken or closed stdin ends the input like EOF does.
        }
        finally
        {
            _incoming.Writer.TryComplete();
            _inputEnded();
        }
    }

    private static JsonRpcMessage? Parse(string line)
    {
        try
        {
            return JsonSerializer.Deserialize(line, MessageType) as JsonRpcMessage;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static RequestId? RequestIdOf(string line)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty("id", out var id))
            {
                return null;
            }

            return id.ValueKind switch
            {
                JsonValueKind.String => new RequestId(id.GetString()!),
                JsonValueKind.Number when id.TryGetInt64(out var number) => new RequestId(number),
                _ => null,
            };
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
