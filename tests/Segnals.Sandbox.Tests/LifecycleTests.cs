using System.Net;
using Segnals.Sandbox.Tests.Infrastructure;
using Xunit;

namespace Segnals.Sandbox.Tests;

public sealed class LifecycleTests
{
    [Fact]
    public async Task A_started_bot_goes_starting_then_warming_up_then_running_and_stops()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var client = await sandbox.DemoAsync();
        var bot = await client.CreateBotAsync("bybit", "SOLUSDT", "Lifecycle");
        Assert.Equal("stopped", await client.StatusOfAsync(bot));

        var start = await client.PostAsync($"bots/{bot}/control", """{"action":"start","client":"mcp"}""");

        Assert.Equal(HttpStatusCode.OK, start.Status);
        Assert.Equal("starting", start.Str("status"));
        Assert.Equal("starting", await client.StatusOfAsync(bot));
        sandbox.Clock.Advance(TestSandbox.Warmup / 2);
        Assert.Equal("warming_up", await client.StatusOfAsync(bot));
        sandbox.SkipWarmup();
        Assert.Equal("running", await client.StatusOfAsync(bot));
        var running = await client.GetAsync("bots/?status=running");
        Assert.Contains(running["bots"].EnumerateArray(), b => b.GetProperty("id").GetInt64() == bot);
        Assert.All(running["bots"].EnumerateArray(), b => Assert.Equal("running", b.GetProperty("status").GetString()));

        var stop = await client.PostAsync($"bots/{bot}/control", """{"action":"stop"}""");
        Assert.Equal("stopped", stop.Str("status"));
        Assert.Equal("stopped", await client.StatusOfAsync(bot));
        var logs = await client.GetAsync($"bots/{bot}/logs?limit=10");
        var messages = logs["logs"].EnumerateArray().Select(l => l.GetProperty("message").GetString()!).ToList();
        Assert.Contains(messages, m => m.StartsWith("Starting", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("Stopped", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_bot_on_an_unconnected_exchange_goes_to_error_with_a_log_line()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var client = await sandbox.DemoAsync();
        var connections = await client.GetAsync("user/connections-status");
        Assert.False(connections["connections"].GetProperty("phemex").GetBoolean());
        var bot = await client.CreateBotAsync("phemex");

        var start = await client.PostAsync($"bots/{bot}/control", """{"action":"start"}""");

        Assert.Equal(HttpStatusCode.OK, start.Status);
        Assert.Equal("error", start.Str("status"));
        Assert.Equal("error", await client.StatusOfAsync(bot));
        var log = (await client.GetAsync($"bots/{bot}/logs?limit=1"))["logs"][0];
        Assert.Equal("error", log.GetProperty("level").GetString());
        Assert.Contains("Phemex", log.GetProperty("message").GetString());
        // An errored bot is not stopped: it must be stopped before it can be deleted.
        Assert.Equal(HttpStatusCode.Conflict, (await client.DeleteAsync($"bots/{bot}")).Status);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"bots/{bot}/control", """{"action":"stop"}""")).Status);
        Assert.Equal(HttpStatusCode.OK, (await client.DeleteAsync($"bots/{bot}")).Status);
    }

    [Fact]
    public async Task Restart_resets_the_loss_streak_and_goes_through_starting_again()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var client = await sandbox.DemoAsync();
        var bot = await client.CreateBotAsync("bybit", "ETHUSDT");
        Assert.Equal(HttpStatusCode.OK, (await client.PutAsync($"bots/{bot}", """{"config":{"timeframe":"5m","stop_loss_pct":0.3,"take_profit_pct":3}}""")).Status);
        await client.PostAsync($"bots/{bot}/control", """{"action":"start"}""");
        sandbox.SkipWarmup();

        long streak = 0;
        for (var hours = 0; hours < 72 && streak == 0; hours++)
        {
            sandbox.Clock.Advance(TimeSpan.FromHours(1));
            streak = (await client.GetAsync($"bots/{bot}"))["bot"].GetProperty("loss_streak").GetInt64();
        }
        Assert.True(streak > 0, "a tight stop-loss should lose at least once in three days");

        var restart = await client.PostAsync($"bots/{bot}/control", """{"action":"restart"}""");

        Assert.Equal("starting", restart.Str("status"));
        var after = (await client.GetAsync($"bots/{bot}"))["bot"];
        Assert.Equal(0, after.GetProperty("loss_streak").GetInt64());
        Assert.Equal("starting", after.GetProperty("status").GetString());
        Assert.Equal(JsonValueKindNull, after.GetProperty("open_position").ValueKind);
    }

    private const System.Text.Json.JsonValueKind JsonValueKindNull = System.Text.Json.JsonValueKind.Null;

    [Fact]
    public async Task Seeded_demo_bots_cover_every_state()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var client = await sandbox.DemoAsync();

        var statuses = (await client.GetAsync("bots/"))["bots"].EnumerateArray().Select(b => b.GetProperty("status").GetString()).ToHashSet();

        Assert.Superset(new HashSet<string?> { "running", "stopped", "error", "warming_up" }, statuses);
    }
}
