using System.Text.Json;
using Segnals.Mcp.Runtime.Tools;

namespace Segnals.Mcp.Runtime.Tests.Tools;

public sealed class KeyScopesTests
{
    private static readonly KeyInfo ReadOnlyKey = new(new HashSet<string> { "read:bots" }, default(JsonElement));

    [Fact]
    public async Task Scopes_are_loaded_once_and_shared_by_concurrent_callers()
    {
        var loads = 0;
        var scopes = new KeyScopes(async _ => { Interlocked.Increment(ref loads); await Task.Delay(50); return ReadOnlyKey; }, TimeProvider.System);

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => scopes.GetAsync(CancellationToken.None)));

        Assert.All(answers, answer => Assert.Same(ReadOnlyKey, answer));
        Assert.Equal(ReadOnlyKey, await scopes.GetAsync(CancellationToken.None));
        Assert.Equal(1, loads);
    }

    [Fact]
    public async Task A_slow_look_up_counts_as_unknown_after_the_wait_and_is_used_once_it_arrives()
    {
        var answer = new TaskCompletionSource<KeyInfo?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var scopes = new KeyScopes(_ => answer.Task, TimeProvider.System, maxWait: TimeSpan.FromMilliseconds(100));

        var started = DateTime.UtcNow;
        var first = await scopes.GetAsync(CancellationToken.None);

        Assert.Null(first);
        Assert.InRange(DateTime.UtcNow - started, TimeSpan.FromMilliseconds(80), TimeSpan.FromSeconds(2));
        answer.SetResult(ReadOnlyKey);

        // The answer reaches the shared look-up on a pool thread; on a loaded machine that can take
        // longer than one 100 ms wait, so ask until it is there rather than racing a single call.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        KeyInfo? later;
        while ((later = await scopes.GetAsync(CancellationToken.None)) is null && DateTime.UtcNow < deadline)
        {
        }

        Assert.Same(ReadOnlyKey, later);
    }

    [Fact]
    public async Task A_failed_look_up_is_unknown_and_retried_only_after_a_pause()
    {
        var clock = new Testing.ManualClock();
        var calls = 0;
        var scopes = new KeyScopes(_ => ++calls == 1 ? throw new HttpRequestException("down") : Task.FromResult<KeyInfo?>(ReadOnlyKey), clock);

        Assert.Null(await scopes.GetAsync(CancellationToken.None));
        Assert.Null(await scopes.GetAsync(CancellationToken.None));
        Assert.Equal(1, calls);

        clock.Advance(TimeSpan.FromSeconds(31));
        Assert.Same(ReadOnlyKey, await scopes.GetAsync(CancellationToken.None));
        Assert.Equal(2, calls);
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("read:bots", true)]
    [InlineData("write:bots", false)]
    public void Allows_a_tool_needing_no_scope_or_a_scope_the_key_has(string? scope, bool allowed)
    {
        Assert.Equal(allowed, KeyScopes.Allows(ReadOnlyKey, scope));
        Assert.True(KeyScopes.Allows(null, scope), "unknown scopes allow every tool; the API's 403 decides");
    }
}
