using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Segnals.Mcp.Server.Tests.Infrastructure;
using Segnals.Testing;
using Xunit;

namespace Segnals.Mcp.Server.Tests;

/// <summary>
/// Every class of API failure reaches the model as one actionable sentence with isError true, and the
/// server keeps serving. The sandbox produces the ones a real API would (401, 404, 409, 422, 429); the
/// backend faults (5xx, slow, broken connections, not JSON, redirects, endless bodies) are the fault
/// suite's, in Faults/.
/// </summary>
public sealed class ErrorTests
{
    [Fact]
    public async Task Revoked_key_401_says_to_replace_the_key_and_the_server_keeps_serving()
    {
        await using var sandbox = await SandboxBackend.StartAsync();
        var key = await sandbox.CreateDemoKeyAsync(ScriptedBackend.AllScopes);
        await using var session = await ServerSession.StartAsync(sandbox.Environment(key));
        Assert.Equal("demo", (await session.CallAsync("segnals_whoami")).Data.GetProperty("username").GetString());
        await sandbox.Host.RevokeKeyAsync(key);

        var error = (await session.CallAsync("segnals_list_bots")).Error;

        Assert.Equal("The Segnals API key was rejected (invalid, expired or revoked); create a new key at segnals.com → Settings → API Keys and set SEGNALS_API_KEY to it.", error);
        Sentence.AssertOne(error);
        Assert.Contains("substantial risk", (await session.CallAsync("segnals_get_safety_disclaimer")).Data.GetProperty("text").GetString());
    }

    [Fact]
    public async Task Unknown_bot_404_says_to_check_the_id()
    {
        await using var sandbox = await SandboxBackend.StartAsync();
        await using var session = await ServerSession.StartAsync(sandbox.Environment());

        var error = (await session.CallAsync("segnals_get_bot", new { bot_id = 999 })).Error;

        Assert.Equal("The Segnals API found nothing there (Bot not found); check the id (list your bots first to get a valid one).", error);
        Sentence.AssertOne(error);
    }

    [Fact]
    public async Task Deleting_a_running_bot_409_quotes_the_api_and_changes_nothing()
    {
        await using var sandbox = await SandboxBackend.StartAsync();
        await using var session = await ServerSession.StartAsync(sandbox.Environment(more: ("SEGNALS_CONFIRMATION", "flag")));

        var error = (await session.CallAsync("segnals_delete_bot", Arguments.Confirmed(new { bot_id = SandboxBackend.RunningBot }, token: null))).Error;

        Assert.Equal("The Segnals API refused the change in the current state: Bot 1 is running; stop it before deleting it.", error);
        Sentence.AssertOne(error);
        Assert.Equal("running", await sandbox.BotStatusAsync(SandboxBackend.RunningBot));
        var write = Assert.Single(await sandbox.WritesAsync());
        Assert.Equal(("DELETE", 409), (write.Method, write.StatusCode));
    }

    [Fact]
    public async Task Invalid_config_422_names_the_field_with_the_api_message()
    {
        await using var sandbox = await SandboxBackend.StartAsync();
        await using var session = await ServerSession.StartAsync(sandbox.Environment(more: ("SEGNALS_CONFIRMATION", "flag")));

        var error = (await session.CallAsync(
            "segnals_update_bot",
            Arguments.Confirmed(new { bot_id = SandboxBackend.StoppedBot, config = new { leverage = 1000 } }, token: null))).Error;

        Assert.Equal("The Segnals API rejected 'leverage': leverage must be between 1 and 100.", error);
        Sentence.AssertOne(error);
        var bot = (await sandbox.GetAsync("/bots/2")).Body.GetProperty("bot");
        Assert.Equal(10, bot.GetProperty("config").GetProperty("leverage").GetInt32());
    }

    [Fact]
    public async Task Unsupported_symbol_422_lists_what_is_allowed_in_one_sentence()
    {
        await using var sandbox = await SandboxBackend.StartAsync();
        await using var session = await ServerSession.StartAsync(sandbox.Environment(more: ("SEGNALS_CONFIRMATION", "flag")));

        var error = (await session.CallAsync(
            "segnals_create_bot",
            Arguments.Confirmed(new { exchange = "bybit", symbol = "EURUSD" }, token: null))).Error;

        Assert.StartsWith("The Segnals API rejected 'symbol': ", error);
        Assert.Contains("supported: ", error);
        Assert.Contains("BTCUSDT", error);
        Sentence.AssertOne(error);
        Assert.DoesNotContain(await sandbox.WritesAsync(), write => write.StatusCode == 200);
    }

    [Fact]
    public async Task Api_rate_limit_429_gives_the_wait()
    {
        await using var sandbox = await SandboxBackend.StartAsync();
        var key = await sandbox.CreateDemoKeyAsync(ScriptedBackend.AllScopes, rateLimitPerMinute: 3);
        await using var session = await ServerSession.StartAsync(sandbox.Environment(key, ("SEGNALS_MAX_RETRIES", "0")));

        // The limit is a fixed one-minute window, so the refusal comes within a few calls wherever the window stands.
        string? error = null;
        for (var call = 0; call < 10 && error is null; call++)
        {
            var outcome = await session.CallAsync("segnals_list_bots");
            error = outcome.IsError ? outcome.Text : null;
        }

        Assert.NotNull(error);
        var match = Regex.Match(error, @"^The Segnals API rate limit was reached after 1 attempt; wait (\d+) s before trying again\.$");
        Assert.True(match.Success, error);
        Assert.InRange(int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), 1, 60);
        Sentence.AssertOne(error);
    }

    [Fact]
    public async Task Unreachable_host_says_so_and_all_tools_stay_listed()
    {
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
        }

        var key = Canary.NewKey();
        await using var session = await ServerSession.StartAsync(new Dictionary<string, string?>
        {
            ["SEGNALS_API_KEY"] = key,
            ["SEGNALS_API_BASE"] = $"http://127.0.0.1:{port}/api",
            ["SEGNALS_MAX_RETRIES"] = "1",
        });

        Assert.Equal(36, (await session.ToolNamesAsync()).Count);
        var error = (await session.CallAsync("segnals_list_bots")).Error;

        Assert.Equal($"Cannot reach the Segnals API at 127.0.0.1:{port} (the connection was refused or failed) after 2 attempts; check the network connection and SEGNALS_API_BASE.", error);
        Sentence.AssertOne(error);
    }
}
