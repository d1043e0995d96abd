using System.Collections.Concurrent;
using Segnals.Sandbox.Http;
using Segnals.Sandbox.Storage;
using Segnals.Sandbox.Trading;

namespace Segnals.Sandbox;

/// <summary>The sandbox's shared state, handed to every request: store, clock, lifecycle, rate limits.</summary>
internal sealed class SandboxServices
{
    // Per user, the minute up to which their running bots have been simulated; a write by the user forgets it.
    private readonly ConcurrentDictionary<long, long> _caughtUpMinute = new();

    public SandboxServices(SandboxOptions options, SqliteStore store)
    {
        Options = options;
        Store = store;
        Lifecycle = new BotLifecycle(options.WarmupDuration);
    }

    public SandboxOptions Options { get; }

    public SqliteStore Store { get; }

    public BotLifecycle Lifecycle { get; }

    public KeyRateLimiter RateLimiter { get; } = new();

    public long NowMs() => Options.Time.GetUtcNow().ToUnixTimeMilliseconds();

    public bool NeedsCatchUp(long userId, long nowMs) =>
        !_caughtUpMinute.TryGetValue(userId, out var minute) || minute < PricePath.MinuteOf(nowMs);

    public void MarkCaughtUp(long userId, long nowMs) => _caughtUpMinute[userId] = PricePath.MinuteOf(nowMs);

    public void ForgetCatchUp(long userId) => _caughtUpMinute.TryRemove(userId, out _);
}
