namespace Segnals.Mcp.Runtime.Safety;

/// <summary>
/// Remembers spent token nonces until they expire, so a token confirms one execution only. The
/// default is in memory; replicas behind a load balancer share one (e.g. in Redis).
/// </summary>
public interface IConfirmationReplayStore
{
    /// <summary>Marks the nonce used; false when it already was (or cannot be recorded, which must refuse the token).</summary>
    bool TryMarkUsed(string nonce, DateTimeOffset expiresAt);
}
