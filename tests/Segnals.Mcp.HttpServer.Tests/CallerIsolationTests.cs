using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;
using ModelContextProtocol.Client;
using Segnals.Mcp.HttpServer.Tests.Infrastructure;
using Segnals.Testing;
using Xunit;

namespace Segnals.Mcp.HttpServer.Tests;

/// <summary>
/// One server, many callers: everything that depends on "the key" is the caller's own, per request: the key sent
/// to the API, its scopes and so the tools listed and callable, its rate-limit bucket, its confirmation tokens.
/// Users interleaved on the same process never see each other's tools, results, errors or keys.
/// </summary>
public sealed class CallerIsolationTests(SandboxedServer hosted) : IClassFixture<SandboxedServer>
{
    private const int LoopsPerUser = 4;
    private const int RoundsPerLoop = 8;

    [Fact]
    public async Task Two_users_interleaved_concurrently_see_only_their_own_tools_results_and_errors()
    {
        var seen = new ConcurrentQueue<(string User, string Text)>();

        // A scope look-up that takes over 2 s lists every tool (the API's 403 then decides) rather than keep the
        // caller waiting; on a loaded machine that can happen, and it is not what this test is about.
        await HostedClient.WaitUntilScopesAreKnownAsync(hosted.Server.Mcp, hosted.DemoKey);
        await HostedClient.WaitUntilScopesAreKnownAsync(hosted.Server.Mcp, hosted.BobKey);

        async Task DemoLoopAsync(string revision)
        {
            await using var client = await HostedClient.ConnectAsync(hosted.Server.Mcp, hosted.DemoKey, revision);
            for (var round = 0; round < RoundsPerLoop; round++)
            {
                var tools = await client.ToolNamesAsync();
                Assert.Equal(36, tools.Count);
                Assert.Contains("segnals_delete_bot", tools);

                var whoami = await client.CallAsync("segnals_whoami");
                Assert.True(whoami.String("username") == "demo", whoami.Text);

                var bots = await client.CallAsync("segnals_list_bots");
                Assert.False(bots.IsError, bots.Text);
                Assert.Contains("ETH Scalper", bots.Text);

                var bot = await client.CallAsync("segnals_get_bot", new { bot_id = 2 });
                Assert.Contains("ETH Scalper", bot.Text);
                seen.Enqueue(("demo", whoami.Text + bots.Text + bot.Text));
            }
        }

        async Task BobLoopAsync(string revision)
        {
            await using var client = await HostedClient.ConnectAsync(hosted.Server.Mcp, hosted.BobKey, revision);
            for (var round = 0; round < RoundsPerLoop; round++)
            {
                // Bob's key reads only: the tools it cannot use are neither listed nor callable.
                var tools = await client.ToolNamesAsync();
                Assert.Contains("segnals_list_bots", tools);
                Assert.DoesNotContain("segnals_delete_bot", tools);
                Assert.DoesNotContain("segnals_create_bot", tools);
                Assert.DoesNotContain("segnals_get_notifications", tools);

                var whoami = await client.CallAsync("segnals_whoami");
                Assert.True(whoami.String("username") == "bob", whoami.Text);

                var bots = await client.CallAsync("segnals_list_bots");
                Assert.False(bots.IsError, bots.Text);
                Assert.DoesNotContain("ETH Scalper", bots.Text);

                // The demo user's bot is not Bob's: the API says so, and nothing of it comes back.
                var bot = await client.CallAsync("segnals_get_bot", new { bot_id = 2 });
                Assert.True(bot.IsError, bot.Text);
                Assert.DoesNotContain("ETH Scalper", bot.Text);

                var refused = await client.CallAsync("segnals_delete_bot", new { bot_id = 2 });
                Assert.True(refused.IsError);
                Assert.Contains("needs the 'control:bots' scope", refused.Text);
                seen.Enqueue(("bob", whoami.Text + bots.Text + bot.Text + refused.Text));
            }
        }

        var loops = Enumerable.Range(0, LoopsPerUser).SelectMany(index =>
        {
            var revision = index % 2 == 0 ? HostedClient.July2026 : HostedClient.November2025;
            return new[] { DemoLoopAsync(revision), BobLoopAsync(revision) };
        });
        await Task.WhenAll(loops);

        Assert.Equal(2 * LoopsPerUser * RoundsPerLoop, seen.Count);
        foreach (var (user, text) in seen)
        {
            Assert.Null(LeakCheck.Find(text, hosted.Keys, $"{user}'s results"));
            Assert.DoesNotContain(user == "demo" ? "bob" : "\"demo\"", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Every_api_request_carries_the_key_of_the_caller_it_was_made_for_and_never_the_servers_own()
    {
        var alice = CanaryKey.New();
        var bob = CanaryKey.New();
        var strangers = new ConcurrentQueue<string>();
        await using var backend = await ScriptedBackend.StartAsync((request, context, _) =>
        {
            var bearer = context.Request.Headers.Authorization.ToString();
            var user = bearer == "Bearer " + alice ? "alice" : bearer == "Bearer " + bob ? "bob" : null;
            if (user is null)
            {
                strangers.Enqueue(request.Path);
                return ScriptedBackend.JsonAsync(context, StatusCodes.Status401Unauthorized, """{"message":"Invalid API key"}""");
            }

            return request.Path == "/user/me"
                ? ScriptedBackend.JsonAsync(context, StatusCodes.Status200OK, $$"""{"username":"{{user}}","tier":"pro"}""")
                : Task.FromResult(false);
        });

        // The server's own SEGNALS_API_KEY (the backend's canary key) must never be sent for an HTTP caller.
        await using var server = await HostedProcess.StartAsync(backend.Environment(("SEGNALS_RATE_LIMIT_PER_MINUTE", "100000")));
        await using var aliceClient = await HostedClient.ConnectAsync(server.Mcp, alice);
        await using var bobClient = await HostedClient.ConnectAsync(server.Mcp, bob, HostedClient.November2025);

        async Task CallManyAsync(McpClient client, string user)
        {
            for (var call = 0; call < 25; call++)
            {
                Assert.Equal(user, (await client.CallAsync("segnals_whoami")).String("username"));
            }
        }

        await Task.WhenAll(Enumerable.Range(0, 3).SelectMany(_ => new[] { CallManyAsync(aliceClient, "alice"), CallManyAsync(bobClient, "bob") }));

        Assert.Empty(strangers);
        Assert.DoesNotContain(backend.Requests, request => request.BearerMatched);
        Assert.Equal(150, backend.Seen("GET", "/user/me").Count);
        server.AssertNoKeyIn([alice, bob, backend.Key]);
    }

    [Fact]
    public async Task A_confirmation_token_confirms_only_for_the_key_that_previewed_and_only_once()
    {
        var secondDemoKey = await hosted.Sandbox.CreateKeyAsync("demo", ScriptedBackend.AllScopes, "second");
        await using var first = await HostedClient.ConnectAsync(hosted.Server.Mcp, hosted.DemoKey);
        await using var second = await HostedClient.ConnectAsync(hosted.Server.Mcp, secondDemoKey, HostedClient.November2025);
        var start = new { bot_id = 2 };
        var writesBefore = (await hosted.Sandbox.GetAuditLogAsync()).Count;

        var preview = await first.CallAsync("segnals_start_bot", start);
        Assert.Equal("confirmation_required", preview.String("status"));
        var token = preview.String("confirmation_token")!;

        // The same user's other key may not spend it: the token is bound to the key that previewed.
        var borrowed = await second.CallAsync("segnals_start_bot", new { bot_id = 2, confirm = true, confirmation_token = token });
        Assert.True(borrowed.String("status") == "confirmation_refused", borrowed.Text);
        Assert.Equal(writesBefore, (await hosted.Sandbox.GetAuditLogAsync()).Count);

        var executed = await first.CallAsync("segnals_start_bot", new { bot_id = 2, confirm = true, confirmation_token = token });
        Assert.False(executed.IsError, executed.Text);
        Assert.DoesNotContain(executed.String("status"), new[] { "confirmation_refused", "confirmation_required" });

        var again = await first.CallAsync("segnals_start_bot", new { bot_id = 2, confirm = true, confirmation_token = token });
        Assert.Equal("confirmation_refused", again.String("status"));
        Assert.Contains("already used", again.String("problem"));

        // Newest first: exactly one write since the preview, the one the token confirmed.
        var log = await hosted.Sandbox.GetAuditLogAsync();
        var write = Assert.Single(log.Take(log.Count - writesBefore));
        Assert.Equal(("POST", "/api/bots/2/control"), (write.Method, write.Path));
    }

    [Fact]
    public async Task Each_caller_has_its_own_rate_limit_bucket()
    {
        await using var server = await HostedProcess.StartAsync(new Dictionary<string, string?>
        {
            ["SEGNALS_API_BASE"] = hosted.Sandbox.BaseAddress.ToString(),
            ["SEGNALS_RATE_LIMIT_PER_MINUTE"] = "3",
        });
        await using var demo = await HostedClient.ConnectAsync(server.Mcp, hosted.DemoKey);
        await using var bob = await HostedClient.ConnectAsync(server.Mcp, hosted.BobKey);

        // The demo key's budget (its scope look-up counts too) runs out…
        var outcomes = new List<Outcome>();
        for (var call = 0; call < 4; call++)
        {
            outcomes.Add(await demo.CallAsync("segnals_list_bots"));
        }

        Assert.False(outcomes[0].IsError, outcomes[0].Text);
        Assert.True(outcomes[^1].IsError, outcomes[^1].Text);
        Assert.StartsWith("Slow down: this server allows 3 Segnals API calls per minute", outcomes[^1].Text);

        // …while Bob's is whole.
        var bobs = await bob.CallAsync("segnals_list_bots");
        Assert.False(bobs.IsError, bobs.Text);
        server.AssertNoKeyIn(hosted.Keys);
    }
}
