using Segnals.Mcp.Server.Tests.Infrastructure;
using Xunit;

namespace Segnals.Mcp.Server.Tests;

/// <summary>
/// The README's one-command start: `segnals-mcp --sandbox` needs no key, says it is simulated money,
/// serves every tool against its own embedded API, and keeps its state across restarts.
/// </summary>
public sealed class SandboxModeTests
{
    [Fact]
    public async Task Sandbox_mode_needs_no_key_and_keeps_its_state_across_restarts()
    {
        var directory = Directory.CreateTempSubdirectory("segnals-sandbox-mode-");
        try
        {
            var environment = new Dictionary<string, string?>
            {
                ["SEGNALS_API_KEY"] = null,
                ["SEGNALS_SANDBOX_DB"] = Path.Combine(directory.FullName, "sandbox.db"),
            };

            int botsBefore;
            await using (var first = await ServerSession.StartAsync(environment, ["--sandbox"]))
            {
                Assert.Equal(36, (await first.ToolNamesAsync()).Count);
                botsBefore = (await first.CallAsync("segnals_list_bots")).Data.GetProperty("bots").GetArrayLength();
                Assert.True(botsBefore > 0, "the demo account is seeded on first run");

                var create = new { exchange = "bybit", name = "Persistence check", symbol = "BTCUSDT" };
                var token = (await first.CallAsync("segnals_create_bot", create)).String("confirmation_token");
                var created = await first.CallAsync("segnals_create_bot", Arguments.Confirmed(create, token));
                Assert.False(created.IsError, created.Text);
                Assert.Contains(first.Process.StderrLines, line => line.Contains("SANDBOX", StringComparison.Ordinal) && line.Contains("simulated money", StringComparison.Ordinal));
            }

            await using var second = await ServerSession.StartAsync(environment, ["--sandbox"]);
            var bots = (await second.CallAsync("segnals_list_bots")).Data.GetProperty("bots").EnumerateArray().ToList();

            Assert.Equal(botsBefore + 1, bots.Count);
            Assert.Contains(bots, bot => bot.GetProperty("name").GetString() == "Persistence check");
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
