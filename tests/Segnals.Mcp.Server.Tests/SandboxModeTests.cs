using Segnals.Mcp.Server.Tests.Infrastructure;
using Xunit;

namespace Segnals.Mcp.Server.Tests;

/// <summary>
/// The README's one-command start: `segnals-mcp --sandbox` needs no key, says it is simulated money,
/// serves every tool against its own embedded API, keeps its state across restarts, and keeps it under
/// the user's data folder wherever the client launched it.
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

    [Fact]
    public async Task On_a_fresh_home_the_sandbox_keeps_its_data_under_the_platform_data_folder_never_the_working_directory()
    {
        var home = Directory.CreateTempSubdirectory("segnals-fresh-home-");
        var launchedFrom = Directory.CreateTempSubdirectory("segnals-launched-from-");
        try
        {
            // A new user: nothing under HOME yet, no XDG_DATA_HOME, and a client that starts us anywhere.
            var environment = new Dictionary<string, string?>
            {
                ["HOME"] = home.FullName,
                ["XDG_DATA_HOME"] = null,
                ["SEGNALS_API_KEY"] = null,
                ["SEGNALS_SANDBOX_DB"] = null,
            };
            var expected = Path.Combine(home.FullName, OperatingSystem.IsMacOS() ? "Library/Application Support" : ".local/share", "segnals-sandbox", "sandbox.db");

            await using (var session = await ServerSession.StartAsync(environment, ["--sandbox"], workingDirectory: launchedFrom.FullName))
            {
                Assert.False((await session.CallAsync("segnals_list_bots")).IsError);
                Assert.Contains(session.Process.StderrLines, line => line.Contains($"data in {expected},", StringComparison.Ordinal));
            }

            Assert.True(File.Exists(expected), $"No database at {expected}.");
            Assert.Empty(launchedFrom.EnumerateFileSystemInfos());
        }
        finally
        {
            home.Delete(recursive: true);
            launchedFrom.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Without_an_absolute_data_folder_the_sandbox_does_not_start_and_names_SEGNALS_SANDBOX_DB()
    {
        var launchedFrom = Directory.CreateTempSubdirectory("segnals-launched-from-");
        try
        {
            await using var process = ServerProcess.Start(["--sandbox"], new Dictionary<string, string?>
            {
                ["HOME"] = "not/an/absolute/home",
                ["XDG_DATA_HOME"] = null,
                ["SEGNALS_API_KEY"] = null,
                ["SEGNALS_SANDBOX_DB"] = null,
            }, launchedFrom.FullName);

            Assert.Equal(1, await process.WaitForExitAsync());
            Assert.Equal(string.Empty, process.StdoutText);
            Assert.Equal(
                "segnals-mcp: the sandbox found no data folder for its database (the platform's local data folder is not an absolute path); set SEGNALS_SANDBOX_DB to the file it should use, e.g. SEGNALS_SANDBOX_DB=/path/to/sandbox.db.",
                Assert.Single(process.StderrLines));
            Assert.Empty(launchedFrom.EnumerateFileSystemInfos());
        }
        finally
        {
            launchedFrom.Delete(recursive: true);
        }
    }
}
