using Segnals.Mcp.Runtime.Safety;
using Segnals.Mcp.Runtime.Tests.Testing;

namespace Segnals.Mcp.Runtime.Tests.Safety;

public sealed class InMemoryConfirmationReplayStoreTests
{
    private readonly ManualClock _clock = new();

    [Fact]
    public void A_nonce_can_be_marked_once()
    {
        var store = new InMemoryConfirmationReplayStore(_clock);
        var expiry = _clock.GetUtcNow().AddMinutes(5);

        Assert.True(store.TryMarkUsed("n1", expiry));
        Assert.False(store.TryMarkUsed("n1", expiry));
        Assert.True(store.TryMarkUsed("n2", expiry));
    }

    [Fact]
    public void Expired_nonces_are_forgotten()
    {
        var store = new InMemoryConfirmationReplayStore(_clock);
        store.TryMarkUsed("old", _clock.GetUtcNow().AddMinutes(1));
        store.TryMarkUsed("new", _clock.GetUtcNow().AddMinutes(10));

        _clock.Advance(TimeSpan.FromMinutes(2));
        store.TryMarkUsed("newer", _clock.GetUtcNow().AddMinutes(5));

        Assert.Equal(2, store.Count);
    }

    [Fact]
    public void When_full_of_live_nonces_it_refuses_rather_than_forget_one()
    {
        var store = new InMemoryConfirmationReplayStore(_clock, capacity: 2);
        var expiry = _clock.GetUtcNow().AddMinutes(5);
        store.TryMarkUsed("a", expiry);
        store.TryMarkUsed("b", expiry);

        Assert.False(store.TryMarkUsed("c", expiry));
        Assert.False(store.TryMarkUsed("a", expiry));

        _clock.Advance(TimeSpan.FromMinutes(5));
        Assert.True(store.TryMarkUsed("c", _clock.GetUtcNow().AddMinutes(5)));
    }

    [Fact]
    public void Concurrent_marks_of_one_nonce_succeed_exactly_once()
    {
        var store = new InMemoryConfirmationReplayStore(_clock);
        var expiry = _clock.GetUtcNow().AddMinutes(5);

        var successes = Enumerable.Range(0, 64).AsParallel().Count(attempt => store.TryMarkUsed("same", expiry));

        Assert.Equal(1, successes);
    }
}
