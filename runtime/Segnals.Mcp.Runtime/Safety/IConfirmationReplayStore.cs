namespace Segnals.Mcp.Runtime.Safety;

/// <summary>
/// Remembers spent token nonces until they expire, so a token confirms one execution only. The
/// default is in memory; replicas behind a load balancer share one (e.g. in Redis).
/// </summary>
public interface IConfirmationReplayStore
{
    /// <summary>
    /// Marks the nonce used; false when it already was (or cannot be recorded, which must refuse the token).
    /// A store that cannot be reached throws <see cref="ConfirmationStoreUnavailableException"/>: the action is
    /// then refused, never run on the chance that the token is fresh.
    /// </summary>
    ValueTask<bool> TryMarkUsedAsync(string nonce, DateTimeOffset expiresAt, CancellationToken cancellationToken);
}
