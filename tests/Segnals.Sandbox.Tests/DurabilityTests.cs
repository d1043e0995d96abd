using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Segnals.Sandbox.Tests.Infrastructure;
using Xunit;

namespace Segnals.Sandbox.Tests;

/// <summary>
/// The shipped executable, as a child process: a key from `keys create`, bots written under load, the process
/// SIGKILLed mid-load, then restarted on the same file. Every acknowledged write must still be there.
/// </summary>
public sealed partial class DurabilityTests
{
    [Fact]
    public async Task Acknowledged_creates_survive_a_kill_and_the_database_stays_intact()
    {
        var directory = Directory.CreateTempSubdirectory("segnals-sandbox-durability-");
        var db = Path.Combine(directory.FullName, "sandbox.db");
        try
        {
            var key = await RunToEndAsync("keys", "create", "--user", "loadtest", "--scopes", "read:bots,write:bots", "--label", "load", "--rate-limit", "1000000", "--db", db);
            Assert.Matches("^sk_test_[A-Za-z0-9_-]{32}$", key);

            var acknowledged = new ConcurrentDictionary<long, string>();
            using (var server = await ServerProcess.StartAsync(db))
            {
                using var client = new ApiClient(server.BaseAddress, key);
                using var stopLoad = new CancellationTokenSource();
                var writers = Enumerable.Range(0, 6).Select(w => Task.Run(async () =>
                {
                    for (var i = 0; !stopLoad.IsCancellationRequested; i++)
                    {
                        var name = $"load-{w}-{i}";
                        try
                        {
                            var response = await client.PostAsync("bots/create", $$"""{"exchange":"bybit","name":"{{name}}"}""", idempotencyKey: name);
                            if (response.Status == HttpStatusCode.OK)
                            {
                                acknowledged[response.Long("bot_id")] = name;
                            }
                        }
                        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
                        {
                            return; // The server is gone.
                        }
                    }
                })).ToList();

                // Kill while writes are in flight: after a healthy number have been acknowledged.
                var deadline = Stopwatch.StartNew();
                while (acknowledged.Count < 150 && deadline.Elapsed < TimeSpan.FromSeconds(20))
                {
                    await Task.Delay(10);
                }
                server.Kill();
                stopLoad.Cancel();
                await Task.WhenAll(writers);
            }
            Assert.True(acknowledged.Count >= 150, $"only {acknowledged.Count} writes were acknowledged before the kill");

            Assert.Equal("ok", IntegrityCheck(db));

            using (var server = await ServerProcess.StartAsync(db))
            {
                using var client = new ApiClient(server.BaseAddress, key);
                var listed = await client.GetAsync("bots/");
                Assert.Equal(HttpStatusCode.OK, listed.Status);
                var present = listed["bots"].EnumerateArray().ToDictionary(b => b.GetProperty("id").GetInt64(), b => b.GetProperty("name").GetString());
                var missing = acknowledged.Where(a => !present.TryGetValue(a.Key, out var name) || name != a.Value).ToList();
                Assert.True(missing.Count == 0, $"{missing.Count} of {acknowledged.Count} acknowledged bots are missing, e.g. {string.Join(", ", missing.Take(5))}");
                Assert.Equal(present.Count, present.Values.Distinct().Count());
                server.Kill();
            }
            Assert.Equal("ok", IntegrityCheck(db));
        }
        finally
        {
            try
            {
                directory.Delete(recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    [Fact]
    public async Task Serve_prints_one_sandbox_line_and_stops_on_sigterm()
    {
        var directory = Directory.CreateTempSubdirectory("segnals-sandbox-serve-");
        try
        {
            using var server = await ServerProcess.StartAsync(Path.Combine(directory.FullName, "s.db"));
            Assert.Contains("simulated money", server.Banner, StringComparison.OrdinalIgnoreCase);
            Assert.Contains(server.BaseAddress.ToString(), server.Banner, StringComparison.Ordinal);

            Assert.True(server.Terminate(TimeSpan.FromSeconds(15)), "the sandbox did not exit after SIGTERM");
            Assert.Equal(0, server.ExitCode);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static string IntegrityCheck(string path)
    {
        SQLitePCL.Batteries_V2.Init();
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check";
        return (string)command.ExecuteScalar()!;
    }

    private static async Task<string> RunToEndAsync(params string[] args)
    {
        using var process = Process.Start(ServerProcess.StartInfo(args))!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(process.ExitCode == 0, $"segnals-sandbox {string.Join(' ', args)} exited {process.ExitCode}: {await stderr}");
        return (await stdout).Trim();
    }

    /// <summary>`segnals-sandbox serve` in a child process, found beside the tests and run with the current dotnet host.</summary>
    private sealed partial class ServerProcess : IDisposable
    {
        private readonly Process _process;

        private ServerProcess(Process process, Uri baseAddress, string banner)
        {
            _process = process;
            BaseAddress = baseAddress;
            Banner = banner;
        }

        public Uri BaseAddress { get; }

        public string Banner { get; }

        public int ExitCode => _process.ExitCode;

        public static ProcessStartInfo StartInfo(params string[] args)
        {
            var dll = Path.Combine(AppContext.BaseDirectory, "segnals-sandbox.dll");
            Assert.True(File.Exists(dll), $"segnals-sandbox.dll is not beside the tests ({dll})");
            var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            info.ArgumentList.Add(dll);
            foreach (var arg in args)
            {
                info.ArgumentList.Add(arg);
            }
            return info;
        }

        public static async Task<ServerProcess> StartAsync(string db)
        {
            var process = Process.Start(StartInfo("serve", "--port", "0", "--db", db))!;
            try
            {
                _ = process.StandardOutput.ReadToEndAsync();
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                while (true)
                {
                    var line = await process.StandardError.ReadLineAsync(timeout.Token)
                        ?? throw new InvalidOperationException($"segnals-sandbox exited before listening (exit code {(process.HasExited ? process.ExitCode : -1)})");
                    var match = BaseAddressPattern().Match(line);
                    if (match.Success)
                    {
                        _ = process.StandardError.ReadToEndAsync();
                        return new ServerProcess(process, new Uri(match.Value), line);
                    }
                }
            }
            catch
            {
                process.Kill(entireProcessTree: true);
                process.Dispose();
                throw;
            }
        }

        /// <summary>SIGKILL: no shutdown code runs.</summary>
        public void Kill()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit();
            }
        }

        /// <summary>SIGTERM, then wait for a clean exit.</summary>
        public bool Terminate(TimeSpan timeout)
        {
            using (var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false })!)
            {
                kill.WaitForExit();
            }
            return _process.WaitForExit(timeout);
        }

        public void Dispose()
        {
            Kill();
            _process.Dispose();
        }

        [GeneratedRegex(@"http://127\.0\.0\.1:\d+/api")]
        private static partial Regex BaseAddressPattern();
    }
}
