using System.Net.Http;

namespace Segnals.Mcp.Runtime.Http;

/// <summary>
/// Wraps one HTTP/1.1 connection's plaintext stream so that a server closing the connection after a
/// request and before any byte of its answer is reported as an error the handler does not retry.
/// </summary>
/// <remarks>
/// SocketsHttpHandler silently sends a body-less request (GET, DELETE) again, on a fresh connection, up
/// to three more times, when the connection ends before any answer byte (HttpConnection marks that
/// failure "retry on connection failure"; HttpConnectionPool repeats it). Meant for the race with an
/// idle pooled connection, it also repeats requests the server did receive: behind our own retries, one
/// list call reached a backend that drops every connection 16 times with SEGNALS_MAX_RETRIES=3. The
/// handler has no setting for it, so this stream ends such a read with an error of its own, which the
/// handler passes up instead of retrying; our retry policy alone then decides, and one attempt of ours
/// is one request on the wire.
/// </remarks>
internal sealed class AnswerStartGuard(Stream connection) : Stream
{
    // A request was written and no byte of its answer has arrived yet.
    private volatile bool _awaitingAnswer;

    public override bool CanRead => connection.CanRead;

    public override bool CanWrite => connection.CanWrite;

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <summary>The handler's filter: guards HTTP/1.x connections (requests there are one at a time).</summary>
    public static ValueTask<Stream> Filter(SocketsHttpPlaintextStreamFilterContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult(context.NegotiatedHttpVersion.Major == 1 ? new AnswerStartGuard(context.PlaintextStream) : context.PlaintextStream);

    public override int Read(Span<byte> buffer) => Seen(connection.Read(buffer), buffer.Length);

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Seen(await connection.ReadAsync(buffer, cancellationToken).ConfigureAwait(false), buffer.Length);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        _awaitingAnswer = true;
        connection.Write(buffer);
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        _awaitingAnswer = true;
        return connection.WriteAsync(buffer, cancellationToken);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush() => connection.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => connection.FlushAsync(cancellationToken);

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override ValueTask DisposeAsync() => connection.DisposeAsync();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            connection.Dispose();
        }

        base.Dispose(disposing);
    }

    private int Seen(int read, int asked)
    {
        if (read > 0)
        {
            _awaitingAnswer = false;
        }
        else if (asked > 0 && _awaitingAnswer)
        {
            // A zero-byte read into an empty buffer is the handler probing for data, not the end.
            throw new ClosedWithoutAnswerException();
        }

        return read;
    }
}

/// <summary>The server closed the connection after a request without sending any of its answer.</summary>
internal sealed class ClosedWithoutAnswerException() : HttpIOException(HttpRequestError.ResponseEnded, "The server closed the connection without answering.");
