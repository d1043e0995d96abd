using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Segnals.Sandbox.Authorization.Cli;
using Segnals.Sandbox.Authorization.Tests.Infrastructure;
using Xunit;

namespace Segnals.Sandbox.Authorization.Tests;

public sealed class CliTests
{
    [Fact]
    public async Task The_password_and_secret_printed_by_the_CLI_are_the_ones_a_running_server_accepts()
    {
        using var database = new TempDatabase();
        var path = database.Path;
        var (code, password, _) = await RunAsync("password", "--user", "demo", "--db", path);
        Assert.Equal(0, code);
        Assert.Matches("^[a-z2-9]{5}(-[a-z2-9]{5}){3}$", password);
        (code, var secret, _) = await RunAsync("resource-server", "--client-id", "segnals-mcp", "--resource", TestAuthServer.McpResource.AbsoluteUri, "--db", path);
        Assert.Equal(0, code);
        Assert.StartsWith("rs_", secret);

        await using var server = await TestAuthServer.StartAsync(path, newDemoPassword: false);
        using var session = server.Session();
        var clientId = await session.RegisterClientAsync("http://127.0.0.1:7777/callback");
        var pkce = Pkce.New();
        var consent = await session.SignInAsync(OAuthSession.AuthorizeUrl(clientId, "http://127.0.0.1:7777/callback", "read:bots", TestAuthServer.McpResource, pkce), "demo", password);
        var callback = await session.AllowAsync(consent);
        var authCode = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(callback.Query)["code"].ToString();
        var (_, tokens) = await session.RedeemCodeAsync(clientId, authCode, "http://127.0.0.1:7777/callback", pkce, TestAuthServer.McpResource);
        var (status, body) = await new ResourceServer("segnals-mcp", secret).IntrospectAsync(session, tokens.GetProperty("access_token").GetString()!);
        Assert.True(status == HttpStatusCode.OK && body.GetProperty("active").GetBoolean(), body.ToString());
    }

    [Theory]
    [InlineData(2, "missing required option '--user'", "password")]
    [InlineData(2, "unknown option '--users'", "password", "--users", "demo")]
    [InlineData(2, "unknown oauth command 'passwd'", "passwd")]
    [InlineData(2, "'ftp://x/mcp' is not an absolute http(s) URL", "resource-server", "--client-id", "rs", "--resource", "ftp://x/mcp")]
    [InlineData(1, "No sandbox user 'nobody'", "password", "--user", "nobody")]
    public async Task Bad_commands_exit_non_zero_naming_the_problem(int exit, string message, params string[] args)
    {
        using var database = new TempDatabase();
        var path = database.Path;
        var (code, stdout, stderr) = await RunAsync([.. args, "--db", path]);
        Assert.Equal(exit, code);
        Assert.Equal("", stdout);
        Assert.Contains(message, stderr);
    }

    [Fact]
    public async Task Serve_announces_the_issuer_and_serves_its_metadata_until_cancelled()
    {
        using var database = new TempDatabase();
        var path = database.Path;
        using var stderr = new StringWriter();
        using var cancel = new CancellationTokenSource();
        var serving = SandboxCli.RunAsync(["serve", "--db", path], TextWriter.Null, TextWriter.Synchronized(stderr), cancel.Token, [new SandboxAuthorizationServer()]);
        Match issuer = Match.Empty;
        for (var i = 0; i < 300 && !(issuer = Regex.Match(stderr.ToString(), @"issuer (http://127\.0\.0\.1:\d+/)")).Success; i++)
        {
            await Task.Delay(100);
        }
        Assert.True(issuer.Success, stderr.ToString());
        Assert.Contains("segnals-sandbox oauth password --user demo", stderr.ToString());

        using var http = new HttpClient();
        var metadata = JsonDocument.Parse(await http.GetStringAsync(issuer.Groups[1].Value + ".well-known/oauth-authorization-server")).RootElement;
        Assert.Equal(issuer.Groups[1].Value, metadata.GetProperty("issuer").GetString());

        cancel.Cancel();
        Assert.Equal(0, await serving);
    }

    private static async Task<(int Code, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await AuthorizationCli.RunAsync(args, stdout, stderr);
        return (code, stdout.ToString().Trim(), stderr.ToString());
    }
}
