using Segnals.Mcp.HttpServer.Tests.Infrastructure;
using Segnals.Mcp.Replicas.Tests.Infrastructure;

namespace Segnals.Mcp.HttpServer.Tests;

/// <summary>
/// Two hosted replicas sharing a confirmation secret and a real redis-server: a token previewed on one confirms
/// once in total, on either; with Redis gone, actions that need the replay store are refused and reads go on.
/// </summary>
public sealed class ReplicaTests
{
    [SkippableFact]
    public async Task A_token_previewed_on_one_replica_confirms_once_in_total_and_without_redis_writes_stop_while_reads_go_on()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var sandbox = await SandboxedServer.StartSandboxAsync();
        var key = (await sandbox.EnsureDemoAccountAsync()).ApiKey;
        var environment = new Dictionary<string, string?>
        {
            ["SEGNALS_API_BASE"] = sandbox.BaseAddress.ToString(),
            ["SEGNALS_REDIS"] = redis.ConnectionString,
            ["SEGNALS_CONFIRMATION_SECRET"] = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
            ["SEGNALS_RATE_LIMIT_PER_MINUTE"] = "100000",
        };
        await using var first = await HostedProcess.StartAsync(environment);
        await using var second = await HostedProcess.StartAsync(environment);
        Assert.Contains("shared through Redis", first.StderrText);
        await using var one = await HostedClient.ConnectAsync(first.Mcp, key);
        await using var other = await HostedClient.ConnectAsync(second.Mcp, key, HostedClient.November2025);
        var writesBefore = (await sandbox.GetAuditLogAsync()).Count;

        var token = (await one.CallAsync("segnals_start_bot", new { bot_id = 2 })).String("confirmation_token")!;
        var confirmed = new { bot_id = 2, confirm = true, confirmation_token = token };
        var executed = await other.CallAsync("segnals_start_bot", confirmed);
        Assert.False(executed.IsError, executed.Text);
        Assert.DoesNotContain(executed.String("status"), new[] { "confirmation_refused", "confirmation_required" });
        foreach (var replica in new[] { one, other })
        {
            var again = await replica.CallAsync("segnals_start_bot", confirmed);
            Assert.Equal("confirmation_refused", again.String("status"));
        }

        // Newest first: exactly one write since the preview, on whichever replica it ran.
        var log = await sandbox.GetAuditLogAsync();
        var write = Assert.Single(log.Take(log.Count - writesBefore));
        Assert.Equal(("POST", "/api/bots/2/control"), (write.Method, write.Path));

        // Redis goes away: nobody can tell a fresh token from a spent one, so actions stop; reads do not.
        var restart = await one.CallAsync("segnals_restart_bot", new { bot_id = 1 });
        var restartToken = restart.String("confirmation_token")!;
        await redis.StopAsync();
        var refused = await other.CallAsync("segnals_restart_bot", new { bot_id = 1, confirm = true, confirmation_token = restartToken });
        Assert.True(refused.IsError, refused.Text);
        Assert.Contains("was not run", refused.Text);
        var bots = await one.CallAsync("segnals_list_bots");
        Assert.False(bots.IsError, bots.Text);
        Assert.Equal(log.Count, (await sandbox.GetAuditLogAsync()).Count);
        first.AssertNoKeyIn([key]);
        second.AssertNoKeyIn([key]);
    }
}
