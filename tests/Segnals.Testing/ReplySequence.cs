using Microsoft.AspNetCore.Http;

namespace Segnals.Testing;

/// <summary>One answer of a <see cref="ReplySequence"/>.</summary>
/// <param name="Delay">How long to wait before answering, to stage a slow API; the wait ends early when the client gives up.</param>
/// <param name="ContentType">Sent only with a <paramref name="Body"/>.</param>
/// <param name="Abort">Drop the connection (after the delay) instead of answering.</param>
public sealed record ScriptedReply(
    int Status,
    string? Body = null,
    IReadOnlyDictionary<string, string>? Headers = null,
    TimeSpan Delay = default,
    string ContentType = "application/json",
    bool Abort = false);

/// <summary>
/// A <see cref="ScriptedBackend"/> script that answers by arrival, not by path: the n-th request gets the
/// n-th reply and the last reply repeats. That is how transport tests stage "fail twice, then succeed"
/// against one endpoint. Until <see cref="Reply"/> is called every request gets 200 with {}.
/// </summary>
public sealed class ReplySequence
{
    private readonly Lock _gate = new();
    private IReadOnlyList<ScriptedReply> _replies = [new ScriptedReply(200, "{}")];
    private int _answered;

    /// <summary>Replaces the replies; requests already answered still count, so call it before the requests it scripts.</summary>
    public void Reply(params ScriptedReply[] replies)
    {
        ArgumentOutOfRangeException.ThrowIfZero(replies.Length);
        lock (_gate)
        {
            _replies = replies;
        }
    }

    /// <summary>The script to start the backend with; it answers every request.</summary>
    public async Task<bool> AnswerAsync(SeenRequest request, HttpContext context, CancellationToken stopping)
    {
        ScriptedReply reply;
        lock (_gate)
        {
            reply = _replies[Math.Min(_answered, _replies.Count - 1)];
            _answered++;
        }

        // A cancelled wait ends the request: the backend treats the cancellation as the client having gone.
        await Task.Delay(reply.Delay, stopping);
        if (reply.Abort)
        {
            context.Abort();
            return true;
        }

        context.Response.StatusCode = reply.Status;
        foreach (var (name, value) in reply.Headers ?? new Dictionary<string, string>())
        {
            context.Response.Headers[name] = value;
        }

        if (reply.Body is not null)
        {
            context.Response.ContentType = reply.ContentType;
            await context.Response.WriteAsync(reply.Body, stopping);
        }

        return true;
    }
}
