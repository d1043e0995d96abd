namespace Segnals.Mcp.Runtime.Http;

/// <summary>
/// This server's own budget of Segnals API calls per caller per minute, so an agent calling in a loop is
/// stopped before the API's 429. One budget per caller (<see cref="Callers.ApiCaller.Id"/>): in one process
/// by default; shared by every replica when the hosted server keeps it in Redis.
/// </summary>
public interface ICallRateLimiter
{
    /// <summary>Calls each caller may make per minute.</summary>
    int PerMinute { get; }

    /// <summary>Takes one call from the caller's budget: null when it may go ahead, else how long until one is available.</summary>
    ValueTask<TimeSpan?> TryAcquireAsync(string callerId, CancellationToken cancellationToken);
}
