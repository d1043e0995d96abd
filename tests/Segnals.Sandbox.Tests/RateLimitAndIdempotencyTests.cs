using System.Net;
using Segnals.Sandbox.Tests.Infrastructure;
using Xunit;

namespace Segnals.Sandbox.Tests;

public sealed class RateLimitAndIdempotencyTests
{
    [Fact]
    public async Task Over_the_keys_limit_gets_429_with_retry_after_until_the_window_ends()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        // Start 20 s into a minute window, so 40 s remain.
        sandbox.Clock.Advance(TimeSpan.FromSeconds(20));
        var limited = await sandbox.UserAsync("alice", [], rateLimit: 3);
        var unaffected = await sandbox.UserAsync("alice", []);

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await limited.GetAsync("user/me")).Status);
        }
        var refused = await limited.GetAsync("user/me");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.Status);
        Assert.Equal(TimeSpan.FromSeconds(40), refused.Headers.RetryAfter?.Delta);
        Assert.Equal(40, refused.Long("retry_after"));
        Assert.False(string.IsNullOrWhiteSpace(refused.Str("message")));
        Assert.Equal(HttpStatusCode.OK, (await unaffected.GetAsync("user/me")).Status);

        sandbox.Clock.Advance(TimeSpan.FromSeconds(41));
        Assert.Equal(HttpStatusCode.OK, (await limited.GetAsync("user/me")).Status);
        var self = await limited.GetAsync("keys/self");
        Assert.Equal(3, self.Long("rate_limit_per_minute"));
    }

    [Fact]
    public async Task A_replayed_idempotency_key_returns_the_first_response_and_creates_nothing_more()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var client = await sandbox.DemoAsync();
        var before = (await client.GetAsync("bots/"))["bots"].GetArrayLength();
        const string body = """{"exchange":"bybit","name":"Once only","client":"mcp"}""";

        var first = await client.PostAsync("bots/create", body, idempotencyKey: "create-once-1");
        var second = await client.PostAsync("bots/create", body, idempotencyKey: "create-once-1");

        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Equal(first.Status, second.Status);
        Assert.Equal(first.Raw, second.Raw);
        Assert.True(second.Headers.TryGetValues("Idempotent-Replayed", out var replayed) && replayed.Single() == "true");
        var bots = (await client.GetAsync("bots/"))["bots"].EnumerateArray().ToList();
        Assert.Equal(before + 1, bots.Count);
        Assert.Single(bots, b => b.GetProperty("name").GetString() == "Once only");

        var audit = (await sandbox.Host.GetAuditLogAsync()).Where(a => a.IdempotencyKey == "create-once-1").OrderBy(a => a.Id).ToList();
        Assert.Equal(2, audit.Count);
        Assert.Equal([false, true], audit.Select(a => a.Replayed).ToArray());
        Assert.All(audit, a => Assert.Equal(("POST", "/api/bots/create", 200), (a.Method, a.Path, a.StatusCode)));

        // A new key is a new request.
        var third = await client.PostAsync("bots/create", body, idempotencyKey: "create-once-2");
        Assert.NotEqual(first.Long("bot_id"), third.Long("bot_id"));
    }

    [Fact]
    public async Task Idempotency_key_reused_for_a_different_request_is_a_conflict()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var client = await sandbox.DemoAsync();

        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("bots/create", """{"exchange":"bybit"}""", "k-1")).Status);
        var reused = await client.PostAsync("bots/create", """{"exchange":"mt5"}""", "k-1");

        Assert.Equal(HttpStatusCode.Conflict, reused.Status);
        Assert.Contains("Idempotency-Key", reused.Str("message"));
    }

    [Fact]
    public async Task Failed_writes_are_replayed_too_and_the_replay_window_is_a_day()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var client = await sandbox.DemoAsync();
        const string bad = """{"exchange":"kraken"}""";

        var first = await client.PostAsync("bots/create", bad, "bad-1");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, first.Status);
        Assert.Equal(first.Raw, (await client.PostAsync("bots/create", bad, "bad-1")).Raw);

        const string good = """{"exchange":"bybit","name":"Day one"}""";
        var created = await client.PostAsync("bots/create", good, "day-key");
        sandbox.Clock.Advance(TimeSpan.FromHours(25));
        var later = await client.PostAsync("bots/create", good, "day-key");
        Assert.Equal(HttpStatusCode.OK, later.Status);
        Assert.NotEqual(created.Long("bot_id"), later.Long("bot_id"));
    }

    [Fact]
    public async Task Idempotency_records_survive_a_restart()
    {
        var path = Path.Combine(Path.GetTempPath(), $"sandbox-idem-{Guid.NewGuid():N}.db");
        var clock = new ManualTimeProvider();
        try
        {
            string key;
            ApiResponse first;
            await using (var sandbox = await TestSandbox.StartAsync(path, clock))
            {
                key = await sandbox.Host.CreateKeyAsync("alice", TestSandbox.AllScopes, "restart");
                first = await sandbox.Client(key).PostAsync("bots/create", """{"exchange":"bybit"}""", "restart-key");
                Assert.Equal(HttpStatusCode.OK, first.Status);
            }
            await using (var sandbox = await TestSandbox.StartAsync(path, clock))
            {
                var client = sandbox.Client(key);
                var replay = await client.PostAsync("bots/create", """{"exchange":"bybit"}""", "restart-key");
                Assert.Equal(first.Raw, replay.Raw);
                Assert.Equal(1, (await client.GetAsync("bots/"))["bots"].GetArrayLength());
            }
        }
        finally
        {
            TempFiles.DeleteDatabase(path);
        }
    }
}
