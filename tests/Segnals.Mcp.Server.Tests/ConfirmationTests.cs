using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using Segnals.Mcp.Server.Tests.Infrastructure;
using Xunit;

namespace Segnals.Mcp.Server.Tests;

/// <summary>
/// The two-step confirmation of ✋ tools against the sandbox: preview → token → execute, every way a
/// token can be wrong, elicitation (accept and decline) and the flag mode. "Nothing sent" is checked
/// in the sandbox's own audit log of write requests, not taken from the server's word.
/// </summary>
public sealed class ConfirmationTests
{
    private static readonly object DeleteStoppedBot = new { bot_id = SandboxBackend.StoppedBot };

    [Fact]
    public async Task Preview_then_token_then_execute_deletes_a_stopped_bot()
    {
        await using var sandbox = await SandboxBackend.StartAsync();
        await using var session = await ServerSession.StartAsync(sandbox.Environment());

        var preview = await session.CallAsync("segnals_delete_bot", DeleteStoppedBot);

        var data = preview.Data;
        Assert.Equal("confirmation_required", preview.String("status"));
        Assert.Contains("ETH Scalper", preview.String("preview"));
        Assert.Contains("stopped", preview.String("preview"));
        var token = preview.String("confirmation_token");
        Assert.NotNull(token);
        Assert.StartsWith("v2.", token);

        // The expiry it shows is the one signed into the token, about five minutes ahead.
        var expiresAt = DateTimeOffset.Parse(preview.String("expires_at")!, CultureInfo.InvariantCulture);
        Assert.InRange(expiresAt - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(4), TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(5));
        Assert.Equal(expiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), token.Split('.')[1]);
        Assert.Contains("confirm", preview.String("next_step"));
        Assert.True(data.TryGetProperty("warnings", out _));

        // The preview read the bot but sent nothing that changes state.
        Assert.Empty(await sandbox.WritesAsync());
        Assert.Equal("stopped", await sandbox.BotStatusAsync(SandboxBackend.StoppedBot));

        var executed = await session.CallAsync("segnals_delete_bot", Arguments.Confirmed(DeleteStoppedBot, token));

        Assert.False(executed.IsError, executed.Text);
        Assert.Null(await sandbox.BotStatusAsync(SandboxBackend.StoppedBot));
        var write = Assert.Single(await sandbox.WritesAsync());
        Assert.Equal(("DELETE", "/api/bots/2", 200), (write.Method, write.Path, write.StatusCode));
        Assert.False(string.IsNullOrEmpty(write.IdempotencyKey), "A write must carry an Idempotency-Key.");
    }

    public static TheoryData<string> Tamperings => new("altered arguments", "another tool", "forged", "garbled", "missing");

    [Theory]
    [MemberData(nameof(Tamperings))]
    public async Task A_wrong_token_is_refused_with_a_fresh_preview_and_nothing_is_sent(string tampering)
    {
        await using var sandbox = await SandboxBackend.StartAsync();
        await using var session = await ServerSession.StartAsync(sandbox.Environment());
        var token = (await session.CallAsync("segnals_delete_bot", DeleteStoppedBot)).String("confirmation_token")!;

        var (tool, arguments, problem) = tampering switch
        {
            "altered arguments" => ("segnals_delete_bot", Arguments.Confirmed(new { bot_id = 4 }, token), "different arguments"),
            "another tool" => ("segnals_start_bot", Arguments.Confirmed(DeleteStoppedBot, token), "another tool"),
            "forged" => ("segnals_delete_bot", Arguments.Confirmed(DeleteStoppedBot, Forge(token)), "different arguments, another tool or another API key"),
            "garbled" => ("segnals_delete_bot", Arguments.Confirmed(DeleteStoppedBot, token[..^4]), "not valid"),
            _ => ("segnals_delete_bot", Arguments.Confirmed(DeleteStoppedBot, token: null), "needs the confirmation_token"),
        };

        var refused = await session.CallAsync(tool, arguments);

        Assert.True(refused.IsError, $"A {tampering} token was accepted: {refused.Text}");
        Assert.Equal("confirmation_refused", refused.String("status"));
        Assert.Contains(problem, refused.String("problem"));
        Assert.Contains("Nothing was sent", refused.String("problem"));
        Assert.False(string.IsNullOrEmpty(refused.String("preview")));
        var fresh = refused.String("confirmation_token");
        Assert.NotNull(fresh);
        Assert.NotEqual(token, fresh);

        Assert.Empty(await sandbox.WritesAsync());
        Assert.Equal("stopped", await sandbox.BotStatusAsync(SandboxBackend.StoppedBot));
        Assert.Equal("error", await sandbox.BotStatusAsync(4));
    }

    [Fact]
    public async Task A_token_confirms_one_action_only()
    {
        await using var sandbox = await SandboxBackend.StartAsync();
        await using var session = await ServerSession.StartAsync(sandbox.Environment());
        var rename = new { bot_id = SandboxBackend.StoppedBot, name = "ETH Scalper v2" };
        var token = (await session.CallAsync("segnals_update_bot", rename)).String("confirmation_token")!;
        Assert.False((await session.CallAsync("segnals_update_bot", Arguments.Confirmed(rename, token))).IsError);

        var reused = await session.CallAsync("segnals_update_bot", Arguments.Confirmed(rename, token));

        Assert.True(reused.IsError, reused.Text);
        Assert.Equal("confirmation_refused", reused.String("status"));
        Assert.Contains("already used", reused.String("problem"));
        Assert.Contains("ETH Scalper v2", reused.String("preview"));
        var write = Assert.Single(await sandbox.WritesAsync());
        Assert.Equal(("PUT", "/api/bots/2", 200), (write.Method, write.Path, write.StatusCode));
    }

    [Fact]
    public async Task An_expired_token_is_refused_with_a_fresh_preview_and_nothing_is_sent()
    {
        await using var sandbox = await SandboxBackend.StartAsync();
        await using var session = await ServerSession.StartAsync(sandbox.Environment(more: ("SEGNALS_CONFIRMATION_TTL_SECONDS", "5")));
        var preview = await session.CallAsync("segnals_delete_bot", DeleteStoppedBot);
        var token = preview.String("confirmation_token")!;
        var expiresAt = DateTimeOffset.Parse(preview.String("expires_at")!, CultureInfo.InvariantCulture);
        Assert.InRange(expiresAt - DateTimeOffset.UtcNow, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(6));

        // Expiry is signed in whole seconds: wait until it has certainly passed.
        await Task.Delay(expiresAt - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(1.1));
        var refused = await session.CallAsync("segnals_delete_bot", Arguments.Confirmed(DeleteStoppedBot, token));

        Assert.True(refused.IsError, refused.Text);
        Assert.Equal("confirmation_refused", refused.String("status"));
        Assert.Contains("expired", refused.String("problem"));
        Assert.NotEqual(token, refused.String("confirmation_token"));
        Assert.Empty(await sandbox.WritesAsync());
        Assert.Equal("stopped", await sandbox.BotStatusAsync(SandboxBackend.StoppedBot));
    }

    [Fact]
    public async Task A_key_that_may_act_but_not_read_still_gets_a_preview_and_can_confirm()
    {
        await using var sandbox = await SandboxBackend.StartAsync();
        var key = await sandbox.CreateDemoKeyAsync(["control:bots"]);
        await using var session = await ServerSession.StartAsync(sandbox.Environment(key));

        var preview = await session.CallAsync("segnals_delete_bot", DeleteStoppedBot);

        Assert.False(preview.IsError, preview.Text);
        Assert.Equal("confirmation_required", preview.String("status"));
        Assert.Contains("(not set)", preview.String("preview"));
        Assert.Contains(preview.Data.GetProperty("warnings").EnumerateArray(), warning => warning.GetString()!.Contains("'read:bots'", StringComparison.Ordinal));
        Assert.Empty(await sandbox.WritesAsync());

        var executed = await session.CallAsync("segnals_delete_bot", Arguments.Confirmed(DeleteStoppedBot, preview.String("confirmation_token")));

        Assert.False(executed.IsError, executed.Text);
        Assert.Null(await sandbox.BotStatusAsync(SandboxBackend.StoppedBot));
    }

    [Fact]
    public async Task Elicitation_accept_acts_in_one_call()
    {
        await using var sandbox = await SandboxBackend.StartAsync();
        var asked = new ConcurrentQueue<string>();
        await using var session = await ServerSession.StartAsync(sandbox.Environment(), configure: options => Elicit(options, asked, "accept"));

        var outcome = await session.CallAsync("segnals_delete_bot", DeleteStoppedBot);

        Assert.False(outcome.IsError, outcome.Text);
        var question = Assert.Single(asked);
        Assert.Contains("ETH Scalper", question);
        Assert.Contains("Delete bot", question);
        Assert.Null(outcome.String("confirmation_token"));
        Assert.Null(await sandbox.BotStatusAsync(SandboxBackend.StoppedBot));
        var write = Assert.Single(await sandbox.WritesAsync());
        Assert.Equal(("DELETE", "/api/bots/2", 200), (write.Method, write.Path, write.StatusCode));
    }

    [Fact]
    public async Task Elicitation_decline_sends_nothing_even_when_the_model_says_confirm()
    {
        await using var sandbox = await SandboxBackend.StartAsync();
        var asked = new ConcurrentQueue<string>();
        await using var session = await ServerSession.StartAsync(sandbox.Environment(), configure: options => Elicit(options, asked, "decline"));

        var declined = await session.CallAsync("segnals_delete_bot", DeleteStoppedBot);

        // The model cannot confirm for the person: confirm: true still goes through the dialog.
        var insisted = await session.CallAsync("segnals_delete_bot", Arguments.Confirmed(DeleteStoppedBot, token: "v2.anything"));

        foreach (var outcome in new[] { declined, insisted })
        {
            Assert.False(outcome.IsError, outcome.Text);
            Assert.Equal("cancelled", outcome.String("status"));
            Assert.Contains("declined", outcome.String("message"));
            Assert.Contains("nothing was sent", outcome.String("message"));
        }

        Assert.Equal(2, asked.Count);
        Assert.Empty(await sandbox.WritesAsync());
        Assert.Equal("stopped", await sandbox.BotStatusAsync(SandboxBackend.StoppedBot));
    }

    /// <remarks>
    /// Raw JSON-RPC: the SDK client cannot stage this, since an exception in its elicitation handler fails
    /// the client's own call instead of answering the server's request with an error.
    /// </remarks>
    [Fact]
    public async Task A_client_that_fails_the_dialog_gets_a_token_preview_and_only_its_token_acts()
    {
        await using var sandbox = await SandboxBackend.StartAsync();
        await using var process = ServerProcess.Start([], sandbox.Environment());
        var client = new DialogFailingClient(process);
        await process.WriteRawAsync("""{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{"elicitation":{}},"clientInfo":{"name":"no-dialog","version":"0"}}}""" + "\n");
        await client.ResultAsync(1);
        await process.WriteRawAsync("""{"jsonrpc":"2.0","method":"notifications/initialized"}""" + "\n");

        var call = JsonSerializer.Serialize(new { name = "segnals_delete_bot", arguments = DeleteStoppedBot });
        await process.WriteRawAsync(ToolCall(2, call));
        var preview = (await client.ResultAsync(2)).GetProperty("structuredContent");

        Assert.Equal("confirmation_required", preview.GetProperty("status").GetString());
        Assert.Contains(preview.GetProperty("warnings").EnumerateArray(), warning => warning.GetString()!.Contains("could not show the confirmation dialog", StringComparison.Ordinal));
        var token = preview.GetProperty("confirmation_token").GetString()!;
        Assert.Empty(await sandbox.WritesAsync());

        var confirmed = (string t) => JsonSerializer.Serialize(new { name = "segnals_delete_bot", arguments = new { bot_id = SandboxBackend.StoppedBot, confirm = true, confirmation_token = t } });
        await process.WriteRawAsync(ToolCall(3, confirmed(Forge(token))));
        var refused = (await client.ResultAsync(3)).GetProperty("structuredContent");
        Assert.Equal("confirmation_refused", refused.GetProperty("status").GetString());
        Assert.Contains(refused.GetProperty("warnings").EnumerateArray(), warning => warning.GetString()!.Contains("could not show the confirmation dialog", StringComparison.Ordinal));
        Assert.Empty(await sandbox.WritesAsync());

        await process.WriteRawAsync(ToolCall(4, confirmed(token)));
        var executed = await client.ResultAsync(4);

        Assert.False(executed.TryGetProperty("isError", out var isError) && isError.GetBoolean(), executed.GetRawText());
        Assert.Null(await sandbox.BotStatusAsync(SandboxBackend.StoppedBot));
        Assert.Single(await sandbox.WritesAsync());
        Assert.Equal(3, client.DialogsFailed);
        process.CloseInput();
        Assert.Equal(0, await process.WaitForExitAsync());
        Assert.Contains(process.StderrLines, line => line.Contains("failed the confirmation dialog", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Token_mode_is_used_when_configured_even_for_a_client_that_can_elicit()
    {
        await using var sandbox = await SandboxBackend.StartAsync();
        var asked = new ConcurrentQueue<string>();
        await using var session = await ServerSession.StartAsync(
            sandbox.Environment(more: ("SEGNALS_CONFIRMATION", "token")),
            configure: options => Elicit(options, asked, "accept"));

        var preview = await session.CallAsync("segnals_delete_bot", DeleteStoppedBot);

        Assert.Equal("confirmation_required", preview.String("status"));
        Assert.NotNull(preview.String("confirmation_token"));
        Assert.Empty(asked);
        Assert.Empty(await sandbox.WritesAsync());
    }

    [Fact]
    public async Task Flag_mode_previews_without_a_token_and_acts_on_confirm_true()
    {
        await using var sandbox = await SandboxBackend.StartAsync();
        await using var session = await ServerSession.StartAsync(sandbox.Environment(more: ("SEGNALS_CONFIRMATION", "flag")));

        var preview = await session.CallAsync("segnals_delete_bot", DeleteStoppedBot);

        Assert.Equal("confirmation_required", preview.String("status"));
        Assert.Contains("ETH Scalper", preview.String("preview"));
        Assert.Null(preview.String("confirmation_token"));
        Assert.Empty(await sandbox.WritesAsync());

        var executed = await session.CallAsync("segnals_delete_bot", Arguments.Confirmed(DeleteStoppedBot, token: null));

        Assert.False(executed.IsError, executed.Text);
        Assert.Null(await sandbox.BotStatusAsync(SandboxBackend.StoppedBot));
        Assert.Single(await sandbox.WritesAsync());
    }

    [Fact]
    public async Task A_preview_carries_the_catalog_risk_warnings()
    {
        await using var sandbox = await SandboxBackend.StartAsync();
        await using var session = await ServerSession.StartAsync(sandbox.Environment());

        var preview = await session.CallAsync(
            "segnals_update_bot",
            new { bot_id = SandboxBackend.StoppedBot, config = new { martingale_enabled = true, leverage = 25, stop_loss_pct = 0 } });

        var warnings = preview.Data.GetProperty("warnings").EnumerateArray().Select(warning => warning.GetString()!).ToList();
        Assert.Contains(warnings, warning => warning.StartsWith("Martingale is enabled", StringComparison.Ordinal));
        Assert.Contains(warnings, warning => warning.Contains("above 10x", StringComparison.Ordinal));
        Assert.Contains(warnings, warning => warning.StartsWith("Leverage above 20x", StringComparison.Ordinal));
        Assert.Contains(warnings, warning => warning.StartsWith("No stop-loss", StringComparison.Ordinal));
        Assert.Empty(await sandbox.WritesAsync());
    }

    [Fact]
    public async Task A_config_carrying_an_exchange_credential_is_refused_before_any_call()
    {
        await using var sandbox = await SandboxBackend.StartAsync();
        await using var session = await ServerSession.StartAsync(sandbox.Environment(more: ("SEGNALS_CONFIRMATION", "flag")));

        var refused = await session.CallAsync(
            "segnals_update_bot",
            Arguments.Confirmed(new { bot_id = SandboxBackend.StoppedBot, config = new { leverage = 3, exchange = new { Api_Secret = "hunter2" } } }, token: null));

        Assert.Contains("'config.exchange.Api_Secret' looks like an exchange credential", refused.Error);
        Assert.Contains("nothing was sent", refused.Error);
        Sentence.AssertOne(refused.Error);
        Assert.DoesNotContain("hunter2", refused.Text);
        Assert.Empty(await sandbox.WritesAsync());
    }

    private static string ToolCall(int id, string parameters) =>
        """{"jsonrpc":"2.0","id":""" + id.ToString(CultureInfo.InvariantCulture) + ""","method":"tools/call","params":""" + parameters + "}\n";

    private static void Elicit(McpClientOptions options, ConcurrentQueue<string> asked, string action)
    {
        options.Capabilities = new ClientCapabilities { Elicitation = new ElicitationCapability { Form = new FormElicitationCapability() } };
        options.Handlers.ElicitationHandler = (request, _) =>
        {
            asked.Enqueue(request?.Message ?? string.Empty);
            return ValueTask.FromResult(new ElicitResult { Action = action });
        };
    }

    /// <summary>Changes one character of the MAC so the token still parses but no longer verifies.</summary>
    private static string Forge(string token)
    {
        var characters = token.ToCharArray();
        var index = token.LastIndexOf('.') + 5;
        characters[index] = characters[index] == 'A' ? 'B' : 'A';
        return new string(characters);
    }
}
