using System.Diagnostics;
using Segnals.Mcp.HttpServer.Tests.Infrastructure;
using Xunit;

namespace Segnals.Mcp.HttpServer.Tests;

/// <summary>
/// `segnals-mcp serve --http` is the command users type: the desktop binary checks the command line, then the
/// hosted server shipped beside it takes over the process (exec), so signals and the exit code are its own.
/// With --sandbox it serves the embedded sandbox, whose keys `segnals-mcp sandbox keys create` mints.
/// </summary>
public sealed class LauncherTests : IDisposable
{
    private readonly string _database = Path.Combine(Path.GetTempPath(), $"segnals-hosted-{Guid.NewGuid():N}.db");

    [Fact]
    public async Task Serve_http_sandbox_takes_over_the_process_and_serves_keys_minted_by_the_sandbox_command()
    {
        var environment = new Dictionary<string, string?> { ["SEGNALS_SANDBOX_DB"] = _database };
        await using var server = await HostedProcess.StartAsync(environment, ["--sandbox"], throughLauncher: true);

        // Same process, now running the hosted server: exec, not a child.
        var commandLine = await File.ReadAllTextAsync($"/proc/{server.Id}/cmdline");
        Assert.Contains("segnals-mcp-http.dll", commandLine);
        Assert.Contains("segnals-mcp sandbox keys create", server.StderrText);
        Assert.Contains("Confirmation tokens and rate limits are kept in this process: run one replica only", server.StderrText);

        var alice = await MintKeyAsync("alice", "all");
        var bob = await MintKeyAsync("bob", "read:account,read:bots");
        await using var aliceClient = await HostedClient.ConnectAsync(server.Mcp, alice);
        await using var bobClient = await HostedClient.ConnectAsync(server.Mcp, bob, HostedClient.November2025);

        Assert.Equal("alice", (await aliceClient.CallAsync("segnals_whoami")).String("username"));
        Assert.Equal("bob", (await bobClient.CallAsync("segnals_whoami")).String("username"));
        Assert.Contains("segnals_create_bot", await aliceClient.ToolNamesAsync());
        Assert.DoesNotContain("segnals_create_bot", await bobClient.ToolNamesAsync());

        server.Terminate();
        Assert.Equal(0, await server.WaitForExitAsync(TimeSpan.FromSeconds(20)));
        server.AssertNoKeyIn([alice, bob]);
    }

    [Theory]
    [InlineData(new[] { "serve", "--port", "9000" }, null, 2, "need --http")]
    [InlineData(new[] { "doctor", "--http" }, null, 2, "belong to the serve command")]
    [InlineData(new[] { "serve", "--http", "--port", "70000" }, null, 2, "--port takes a port number")]
    [InlineData(new[] { "serve", "--http", "--path", "mcp/" }, null, 2, "--path takes a URL path")]
    [InlineData(new[] { "serve", "--http", "--host", "example.com" }, null, 2, "--host takes an IP address")]
    [InlineData(new[] { "serve" }, "carrier-pigeon", 1, "SEGNALS_MCP_TRANSPORT must be stdio (the default) or http")]
    public async Task A_bad_hosted_command_line_is_refused_before_anything_starts(string[] arguments, string? transport, int exitCode, string message)
    {
        var (code, stderr) = await RunLauncherAsync(arguments, new Dictionary<string, string?> { ["SEGNALS_MCP_TRANSPORT"] = transport });

        Assert.Equal(exitCode, code);
        Assert.Contains(message, stderr);
    }

    [Fact]
    public async Task A_bad_hosted_setting_in_the_environment_is_named_by_the_hosted_server()
    {
        var (code, stderr) = await RunLauncherAsync(["serve"], new Dictionary<string, string?>
        {
            ["SEGNALS_MCP_TRANSPORT"] = "http",
            ["SEGNALS_MCP_PORT"] = "eighty",
            ["SEGNALS_MCP_ALLOWED_ORIGINS"] = "chat.example.com",
            ["SEGNALS_TOOLSETS"] = "bots,nonsense",
            ["SEGNALS_REDIS"] = "redis://:CANARY-redis-password@127.0.0.1:6379",
        });

        Assert.Equal(1, code);
        Assert.Contains("SEGNALS_MCP_PORT must be a port number", stderr);
        Assert.Contains("SEGNALS_MCP_ALLOWED_ORIGINS must be a comma-separated list of origins", stderr);
        Assert.Contains("Unknown toolset 'nonsense'", stderr);
        Assert.Contains("SEGNALS_REDIS takes a StackExchange.Redis connection string", stderr);
        Assert.DoesNotContain("eighty", stderr);
        Assert.DoesNotContain("CANARY", stderr);
    }

    [Fact]
    public async Task Bad_oauth_settings_are_refused_at_start_by_name_without_repeating_them()
    {
        var (code, stderr) = await RunLauncherAsync(["serve", "--http"], new Dictionary<string, string?>
        {
            ["SEGNALS_OAUTH_ISSUER"] = "ftp://CANARY-issuer.example.com",
            ["SEGNALS_OAUTH_CLIENT_SECRET"] = "CANARY-client-secret",
            ["SEGNALS_OAUTH_ALLOW_API_KEYS"] = "CANARY-maybe",
            ["SEGNALS_OAUTH_KEYS_REFRESH_SECONDS"] = "0",
        });

        Assert.Equal(1, code);
        Assert.Contains("SEGNALS_OAUTH_ISSUER must be the authorization server's issuer", stderr);
        Assert.Contains("SEGNALS_MCP_PUBLIC_URL is required with SEGNALS_OAUTH_ISSUER", stderr);
        Assert.Contains("SEGNALS_OAUTH_CLIENT_ID is required with SEGNALS_OAUTH_ISSUER", stderr);
        Assert.Contains("SEGNALS_OAUTH_ALLOW_API_KEYS must be true, false, 1 or 0", stderr);
        Assert.Contains("SEGNALS_OAUTH_KEYS_REFRESH_SECONDS must be a whole number of seconds", stderr);
        Assert.DoesNotContain("CANARY", stderr);
    }

    [Theory]
    [InlineData(new[] { "serve", "--http" }, "SEGNALS_OAUTH_CLIENT_ID", "is set but SEGNALS_OAUTH_ISSUER is not")]
    [InlineData(new[] { "serve", "--http", "--sandbox" }, "SEGNALS_OAUTH_ISSUER", "cannot be combined with --sandbox")]
    public async Task Oauth_settings_that_would_half_work_are_refused(string[] arguments, string variable, string message)
    {
        var (code, stderr) = await RunLauncherAsync(arguments, new Dictionary<string, string?> { [variable] = "https://as.example.com/", ["SEGNALS_SANDBOX_DB"] = _database });

        Assert.Equal(1, code);
        Assert.Contains($"{variable} {message}", stderr);
    }

    [Fact]
    public async Task Sandbox_serve_hands_off_to_the_executable_with_the_authorization_server()
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in (string[])[Path.Combine(HostedProcess.ServerFolder, "segnals-mcp.dll"), "sandbox", "serve", "--port", "0", "--db", _database])
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.ErrorDataReceived += (_, line) =>
        {
            if (line.Data is { } text && System.Text.RegularExpressions.Regex.Match(text, @"listening on (?<api>http://127\.0\.0\.1:\d+)/api") is { Success: true } match)
            {
                listening.TrySetResult(new Uri(match.Groups["api"].Value));
            }
        };
        process.BeginErrorReadLine();
        try
        {
            var origin = await listening.Task.WaitAsync(TimeSpan.FromSeconds(60));
            using var http = new HttpClient();
            var metadata = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync(new Uri(origin, "/.well-known/oauth-authorization-server"))).RootElement;

            Assert.Equal(origin.AbsoluteUri, metadata.GetProperty("issuer").GetString());
            Assert.Contains("segnals-mcp-http.dll", await File.ReadAllTextAsync($"/proc/{process.Id}/cmdline"));
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        var (code, _, stderr) = await RunAsync(["sandbox", "oauth", "password", "--user", "demo", "--db", _database], new Dictionary<string, string?>());
        Assert.True(code == 0, stderr);
    }

    [Fact]
    public async Task Help_describes_hosted_mode_even_when_asked_with_http()
    {
        var (code, stdout, _) = await RunAsync(["serve", "--http", "--help"], new Dictionary<string, string?>());

        Assert.Equal(0, code);
        Assert.Contains("segnals-mcp serve --http", stdout);
        Assert.Contains("Authorization: Bearer", stdout);
        Assert.Contains("SEGNALS_OAUTH_ISSUER", stdout);
        Assert.Contains("SEGNALS_MCP_PUBLIC_URL", stdout);
    }

    public void Dispose()
    {
        foreach (var file in new[] { _database, _database + "-wal", _database + "-shm" })
        {
            File.Delete(file);
        }
    }

    private async Task<string> MintKeyAsync(string user, string scopes)
    {
        var (code, stdout, stderr) = await RunAsync(["sandbox", "keys", "create", "--user", user, "--scopes", scopes, "--label", "hosted-e2e", "--db", _database], new Dictionary<string, string?>());
        Assert.True(code == 0, stderr);
        return stdout.Trim();
    }

    private static async Task<(int Code, string Stderr)> RunLauncherAsync(IEnumerable<string> arguments, IReadOnlyDictionary<string, string?> environment)
    {
        var (code, _, stderr) = await RunAsync(arguments, environment);
        return (code, stderr);
    }

    private static async Task<(int Code, string Stdout, string Stderr)> RunAsync(IEnumerable<string> arguments, IReadOnlyDictionary<string, string?> environment)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(HostedProcess.ServerFolder, "segnals-mcp.dll"));
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var name in info.Environment.Keys.Where(name => name.StartsWith("SEGNALS_", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            info.Environment.Remove(name);
        }

        foreach (var (name, value) in environment.Where(pair => pair.Value is not null))
        {
            info.Environment[name] = value;
        }

        using var process = Process.Start(info)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return (process.ExitCode, await stdout, await stderr);
    }
}
