using System.Collections.Concurrent;

namespace Segnals.Mcp.HttpServer.OAuth;

/// <summary>
/// One call to the authorization server per token at a time: concurrent requests carrying the same new token wait for
/// the same introspection or exchange instead of each making their own. The work is not tied to any one request's
/// cancellation (the others still want its answer); the back channel's timeout bounds it, and each waiter can give up.
/// </summary>
internal sealed class SingleFlight<T>
{
    private readonly ConcurrentDictionary<string, Lazy<Task<T>>> _running = new(StringComparer.Ordinal);

    public Task<T> RunAsync(string key, Func<Task<T>> work, CancellationToken cancellationToken)
    {
        var flight = _running.GetOrAdd(key, _ => new Lazy<Task<T>>(() => RunThenForgetAsync(key, work)));
        return flight.Value.WaitAsync(cancellationToken);
    }

    private async Task<T> RunThenForgetAsync(string key, Func<Task<T>> work)
    {
        try
        {
            return await work().ConfigureAwait(false);
        }
        finally
        {
            _running.TryRemove(key, out _);
        }
    }
}
