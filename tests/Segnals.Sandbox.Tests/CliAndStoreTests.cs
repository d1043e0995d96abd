using Microsoft.Data.Sqlite;
using Segnals.Sandbox.Tests.Infrastructure;
using Xunit;

namespace Segnals.Sandbox.Tests;

public sealed class CliAndStoreTests
{
    [Fact]
    public async Task Help_prints_usage_and_exits_0()
    {
        var (code, stdout, _) = await RunAsync("--help");

        Assert.Equal(0, code);
        Assert.Contains("keys create", stdout, StringComparison.Ordinal);
        Assert.Contains("serve", stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--bogus", "--bogus")]
    [InlineData("serve --port abc", "--port")]
    [InlineData("serve --port 70000", "--port")]
    [InlineData("serve --db", "--db")]
    [InlineData("frobnicate", "frobnicate")]
    [InlineData("keys delete", "delete")]
    [InlineData("keys create --scopes read:bots --label x", "--user")]
    [InlineData("keys create --user a --label x", "--scopes")]
    [InlineData("keys create --user a --scopes read:bots", "--label")]
    [InlineData("keys create --user a --scopes read:bots,fly:rockets --label x", "fly:rockets")]
    [InlineData("keys create --user a --scopes read:bots --label x --expires tomorrow", "--expires")]
    [InlineData("keys create --user a --scopes read:bots --label x --expires 2001-01-01", "--expires")]
    [InlineData("keys create --user a --scopes read:bots --label x --rate-limit 0", "--rate-limit")]
    [InlineData("keys create --user a --user b --scopes read:bots --label x", "--user")]
    public async Task Bad_arguments_exit_2_naming_the_argument(string args, string named)
    {
        var (code, stdout, stderr) = await RunAsync(args.Split(' '));

        Assert.Equal(2, code);
        Assert.Contains(named, stderr, StringComparison.Ordinal);
        Assert.Equal("", stdout);
    }

    [Fact]
    public async Task Keys_create_prints_a_working_key_once()
    {
        var db = Path.Combine(Path.GetTempPath(), $"sandbox-cli-{Guid.NewGuid():N}.db");
        try
        {
            var (code, stdout, _) = await RunAsync("keys", "create", "--user", "carol", "--scopes", "read:account, read:bots", "--label", "laptop", "--expires", "2099-12-31", "--db", db);
            Assert.Equal(0, code);
            var key = stdout.Trim();
            Assert.Matches("^sk_test_[A-Za-z0-9_-]{32}$", key);

            await using var sandbox = await TestSandbox.StartAsync(db);
            var client = sandbox.Client(key);
            var self = await client.GetAsync("keys/self");
            Assert.Equal("laptop", self.Str("label"));
            Assert.Equal(["read:account", "read:bots"], self["scopes"].EnumerateArray().Select(s => s.GetString()!).ToArray());
            Assert.Equal("2100-01-01T00:00:00Z", self.Str("expires_at"));
            Assert.Equal("carol", (await client.GetAsync("user/me")).Str("username"));
        }
        finally
        {
            TempFiles.DeleteDatabase(db);
        }
    }

    [Fact]
    public async Task A_file_database_is_wal_migrated_and_seeded_only_once()
    {
        var db = Path.Combine(Path.GetTempPath(), $"sandbox-store-{Guid.NewGuid():N}.db");
        try
        {
            int botsFirst;
            await using (var sandbox = await TestSandbox.StartAsync(db))
            {
                var client = await sandbox.DemoAsync();
                await client.CreateBotAsync(name: "Persisted");
                botsFirst = (await client.GetAsync("bots/"))["bots"].GetArrayLength();
            }
            await using (var sandbox = await TestSandbox.StartAsync(db))
            {
                var client = await sandbox.DemoAsync();
                var bots = (await client.GetAsync("bots/"))["bots"].EnumerateArray().ToList();
                Assert.Equal(botsFirst, bots.Count);
                Assert.Contains(bots, b => b.GetProperty("name").GetString() == "Persisted");
                Assert.Equal(1, (await client.GetAsync("marketplace?query=ETH%20Grid%20Lite")).Long("total"));
            }

            SQLitePCL.Batteries_V2.Init();
            using var connection = new SqliteConnection($"Data Source={db};Pooling=False");
            connection.Open();
            Assert.Equal("wal", Scalar(connection, "PRAGMA journal_mode"));
            Assert.Equal((long)Storage.Schema.LatestVersion, Scalar(connection, "PRAGMA user_version"));
            Assert.Equal(1L, Scalar(connection, "SELECT COUNT(*) FROM users WHERE username = 'demo'"));
        }
        finally
        {
            TempFiles.DeleteDatabase(db);
        }
    }

    [Fact]
    public async Task Concurrent_writes_and_reads_on_a_file_database_all_succeed()
    {
        var db = Path.Combine(Path.GetTempPath(), $"sandbox-concurrency-{Guid.NewGuid():N}.db");
        try
        {
            await using var sandbox = await TestSandbox.StartAsync(db);
            var client = await sandbox.UserAsync("busy", rateLimit: 100_000);
            var tasks = Enumerable.Range(0, 8).Select(async worker =>
            {
                var statuses = new List<System.Net.HttpStatusCode>();
                for (var i = 0; i < 25; i++)
                {
                    statuses.Add((await client.PostAsync("bots/create", $$"""{"exchange":"bybit","name":"w{{worker}}-{{i}}"}""")).Status);
                    statuses.Add((await client.GetAsync("bots/")).Status);
                }
                return statuses;
            }).ToList();

            var all = (await Task.WhenAll(tasks)).SelectMany(s => s).ToList();

            Assert.All(all, s => Assert.Equal(System.Net.HttpStatusCode.OK, s));
            Assert.Equal(200, (await client.GetAsync("bots/"))["bots"].GetArrayLength());
        }
        finally
        {
            TempFiles.DeleteDatabase(db);
        }
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private static async Task<(int Code, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await SandboxCli.RunAsync(args, stdout, stderr, CancellationToken.None);
        return (code, stdout.ToString(), stderr.ToString());
    }
}
