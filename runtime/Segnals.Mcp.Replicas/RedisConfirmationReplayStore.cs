using Segnals.Mcp.Runtime.Safety;
using StackExchange.Redis;

namespace Segnals.Mcp.Replicas;

/// <summary>
/// Spent confirmation-token nonces in Redis, so a token confirms one action across every replica, not one per
/// replica. Marking is one atomic SET NX: of any number of concurrent confirmations, exactly one wins.
/// Fails closed: when Redis cannot answer, or may have forgotten what was spent, it throws
/// <see cref="ConfirmationStoreUnavailableException"/> and the action is refused.
/// </summary>
public sealed class RedisConfirmationReplayStore : IConfirmationReplayStore
{
    /// <summary>How much longer than its token a nonce is kept, for replicas whose clocks run behind the one that spent it.</summary>
    public static readonly TimeSpan DefaultClockSkewAllowance = TimeSpan.FromMinutes(1);

    // The keys share a hash tag so the script's two keys sit in one slot on a Redis cluster.
    private const string SinceKey = "confirmation:{spent}";
    private const string NonceKeyPrefix = "confirmation:{spent}:";

    // A Redis that restarted without persistence, failed over, or was flushed has forgotten which tokens were
    // spent; a token issued before that cannot be told apart from a fresh one. SinceKey holds when this Redis
    // began remembering (its own clock, unix ms): a token issued earlier is refused, and the user previews again.
    // Expiries are whole seconds, so a token's issue time reads up to a second early: one previewed in the second
    // before the mark is refused too. That errs on the safe side, and happens only when the mark is new.
    private const string MarkUsedScript = """
        local since = tonumber(redis.call('GET', KEYS[2]))
        if not since then
          local now = redis.call('TIME')
          since = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
          redis.call('SET', KEYS[2], since)
        end
        if tonumber(ARGV[2]) < since then
          return -1
        end
        if redis.call('SET', KEYS[1], '1', 'NX', 'PX', ARGV[1]) then
          return 1
        end
        return 0
        """;

    private const string RememberFromNowScript = """
        if redis.call('EXISTS', KEYS[1]) == 0 then
          local now = redis.call('TIME')
          redis.call('SET', KEYS[1], tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000))
        end
        return 1
        """;

    private static readonly RedisKey[] SinceKeys = [SinceKey];

    private readonly RedisConnection _connection;
    private readonly TimeSpan _tokenLifetime;
    private readonly TimeSpan _clockSkewAllowance;

    private RedisConfirmationReplayStore(RedisConnection connection, TimeSpan tokenLifetime, TimeSpan clockSkewAllowance)
    {
        _connection = connection;
        _tokenLifetime = tokenLifetime;
        _clockSkewAllowance = clockSkewAllowance;
    }

    /// <param name="connection">The replica's Redis connection.</param>
    /// <param name="tokenLifetime">How long tokens live (SEGNALS_CONFIRMATION_TTL_SECONDS): tells when a token was issued.</param>
    /// <param name="clockSkewAllowance">Extra time a nonce is kept; <see cref="DefaultClockSkewAllowance"/> when null.</param>
    public static async Task<RedisConfirmationReplayStore> CreateAsync(RedisConnection connection, TimeSpan tokenLifetime, TimeSpan? clockSkewAllowance = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentOutOfRangeException.ThrowIfLessThan(tokenLifetime, TimeSpan.FromSeconds(1));
        var allowance = clockSkewAllowance ?? DefaultClockSkewAllowance;
        ArgumentOutOfRangeException.ThrowIfLessThan(allowance, TimeSpan.Zero);

        var store = new RedisConfirmationReplayStore(connection, tokenLifetime, allowance);

        // Mark when Redis began remembering as soon as it is reachable, not at the first confirmation: a token
        // previewed before that mark would be refused. After a restart, tokens previewed before it are refused.
        connection.Connected += () => _ = store.TryRememberFromNowAsync();
        await store.TryRememberFromNowAsync().ConfigureAwait(false);
        return store;
    }

    public async ValueTask<bool> TryMarkUsedAsync(string nonce, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(nonce);

        var now = _connection.Time.GetUtcNow();
        var keepFor = expiresAt - now + _clockSkewAllowance;
        var issuedAt = expiresAt - _tokenLifetime;
        long outcome;
        try
        {
            var result = await _connection.EvaluateAsync(
                MarkUsedScript,
                [NonceKeyPrefix + nonce, SinceKey],
                [Math.Max(1, (long)Math.Ceiling(keepFor.TotalMilliseconds)), issuedAt.ToUnixTimeMilliseconds()],
                cancellationToken).ConfigureAwait(false);
            outcome = (long)result;
        }
        catch (RedisUnavailableException exception)
        {
            throw new ConfirmationStoreUnavailableException(exception.Message, exception);
        }

        return outcome switch
        {
            1 => true,
            0 => false,
            _ => throw new ConfirmationStoreUnavailableException(
                "Redis has forgotten which confirmation tokens were spent since this one was issued (it restarted or was emptied), " +
                "so this token cannot be checked; preview the action again for a fresh token"),
        };
    }

    private async Task TryRememberFromNowAsync()
    {
        try
        {
            await _connection.EvaluateAsync(RememberFromNowScript, SinceKeys, [], CancellationToken.None).ConfigureAwait(false);
        }
        catch (RedisUnavailableException)
        {
            // Redis is down: the next reconnection tries again, and the first confirmation sets the mark anyway.
        }
    }
}
