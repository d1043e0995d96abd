using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Segnals.Mcp.Runtime.Http;
using StackExchange.Redis;

namespace Segnals.Mcp.Replicas;

/// <summary>
/// The per-caller budget of API calls kept in Redis, so every replica draws on one bucket per caller: the same
/// continuously refilled token bucket as <see cref="InProcessCallRateLimiter"/>, one minute's budget deep.
/// One Lua script reads, refills, takes and writes the bucket atomically (no update is lost however many replicas
/// call at once), on Redis's clock (one clock for every replica), and lets the bucket expire after a minute
/// unused, when it would be full anyway: an idle caller costs nothing.
/// </summary>
/// <remarks>
/// When Redis cannot answer, each replica falls back to its own in-process bucket and logs it once: reads must go
/// on when Redis goes away (the rule), and refusing them would turn a Redis outage into a full one. What
/// is lost meanwhile is only strictness: a caller may get up to one budget per replica, and the Segnals API still
/// enforces its own per-key limit. Writes are protected by the replay store, which fails closed instead.
/// </remarks>
public sealed class RedisCallRateLimiter : ICallRateLimiter
{
    private const string BucketKeyPrefix = "rate:";

    // KEYS[1]: the caller's bucket, a hash of tokens and the time they were counted (ms).
    // ARGV[1]: calls per minute, the bucket's size. Returns 0 to go ahead, else the milliseconds until a call is available.
    private const string TakeScript = """
        local size = tonumber(ARGV[1])
        local perMs = size / 60000
        local time = redis.call('TIME')
        local now = tonumber(time[1]) * 1000 + tonumber(time[2]) / 1000
        local bucket = redis.call('HMGET', KEYS[1], 'tokens', 'at')
        local tokens = size
        if bucket[1] and bucket[2] then
          tokens = math.min(size, tonumber(bucket[1]) + math.max(0, now - tonumber(bucket[2])) * perMs)
        end
        local wait = 0
        if tokens >= 1 then
          tokens = tokens - 1
        else
          wait = math.ceil((1 - tokens) / perMs)
        end
        redis.call('HSET', KEYS[1], 'tokens', tokens, 'at', now)
        redis.call('PEXPIRE', KEYS[1], 60000)
        return wait
        """;

    private readonly RedisConnection _connection;
    private readonly InProcessCallRateLimiter _fallback;
    private readonly RedisOutage _outage;
    private readonly RedisValue[] _size;

    public RedisCallRateLimiter(RedisConnection connection, int perMinute, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentOutOfRangeException.ThrowIfLessThan(perMinute, 1);
        _connection = connection;
        PerMinute = perMinute;
        _size = [perMinute];
        _fallback = new InProcessCallRateLimiter(perMinute, connection.Time);
        _outage = new RedisOutage(connection.Time, logger ?? NullLogger.Instance);
    }

    public int PerMinute { get; }

    /// <summary>True while Redis cannot answer and each replica counts on its own.</summary>
    public bool IsFallingBack => _outage.IsDown;

    public async ValueTask<TimeSpan?> TryAcquireAsync(string callerId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(callerId);
        if (_outage.ShouldAskRedis())
        {
            try
            {
                var waitMilliseconds = (long)await _connection
                    .EvaluateAsync(TakeScript, [BucketKey(callerId)], _size, cancellationToken)
                    .ConfigureAwait(false);
                _outage.Succeeded();
                return waitMilliseconds <= 0 ? null : TimeSpan.FromMilliseconds(waitMilliseconds);
            }
            catch (RedisUnavailableException exception)
            {
                _outage.Failed(exception.Message);
            }
        }

        return await _fallback.TryAcquireAsync(callerId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Caller ids are labels ("local", "key-" and 16 hex digits), never keys. Anything else is hashed before it
    /// becomes a Redis key, so even a label that ever carried a credential would not put one in Redis.
    /// </summary>
    internal static string BucketKey(string callerId) =>
        BucketKeyPrefix + (IsLabel(callerId) ? callerId : "h-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(callerId)))[..32]);

    private static bool IsLabel(string callerId) =>
        callerId.Length <= 40 && callerId.All(character => char.IsAsciiDigit(character) || char.IsAsciiLetterLower(character) || character == '-');
}
