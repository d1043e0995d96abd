using Segnals.Mcp.Runtime.Safety;
using Segnals.Mcp.Runtime.Tests.Testing;

namespace Segnals.Mcp.Runtime.Tests.Safety;

public sealed class InMemoryConfirmationReplayStoreTests
{
    private readonly ManualClock _clock = new();

    [Fact]
    public async Task A_nonce_can_be_marked_once()
    {
        var store = new InMemoryConfirmationReplayStore(_clock);
        var expiry = _clock.GetUtcNow().AddMinutes(5);

        Assert.True(await store.TryMarkUsedAsync("n1", expiry, CancellationToken.None));
        Assert.False(await store.TryMarkUsedAsync("n1", expiry, CancellationToken.None));
        Assert.True(await store.TryMarkUsedAsync("n2", expiry, CancellationToken.None));
    }

    [Fact]
    public async Task Expired_nonces_are_forgotten()
    {
        var store = new InMemoryConfirmationReplayStore(_clock);
        await store.TryMarkUsedAsync("old", _clock.GetUtcNow().AddMinutes(1), CancellationToken.None);
        await store.TryMarkUsedAsync("new", _clock.GetUtcNow().AddMinutes(10), CancellationToken.None);

        _clock.Advance(TimeSpan.FromMinutes(2));
        await store.TryMarkUsedAsync("newer", _clock.GetUtcNow().AddMinutes(5), CancellationToken.None);

        Assert.Equal(2, store.Count);
    }

    [Fact]
    public async Task When_full_of_live_nonces_it_refuses_rather_than_forget_one()
    {
        var store = new InMemoryConfirmationReplayStore(_clock, capacity: 2);
        var expiry = _clock.GetUtcNow().AddMinutes(5);
        await store.TryMarkUsedAsync("a", expiry, CancellationToken.None);
        await store.TryMarkUsedAsync("b", expiry, CancellationToken.None);

        Assert.False(await store.TryMarkUsedAsync("c", expiry, CancellationToken.None));
        Assert.False(await store.TryMarkUsedAsync("a", expiry, CancellationToken.None));

        _clock.Advance(TimeSpan.FromMinutes(5));
        Assert.True(await store.TryMarkUsedAsync("c", _clock.GetUtcNow().AddMinutes(5), CancellationToken.None));
    }

    [Fact]
    public async Task Concurrent_marks_of_one_nonce_succeed_exactly_once()
    {
        var store = new InMemoryConfirmationReplayStore(_clock);
        var expiry = _clock.GetUtcNow().AddMinutes(5);

        var marks = await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => Task.Run(async () => await store.TryMarkUsedAsync("same", expiry, CancellationToken.None))));
        var successes = marks.Count(marked => marked);

        Assert.Equal(1, successes);
    }
}
