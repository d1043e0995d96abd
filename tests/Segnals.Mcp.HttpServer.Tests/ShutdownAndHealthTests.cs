using Segnals.Mcp.HttpServer.Tests.Infrastructure;
using Segnals.Testing;
using Xunit;

namespace Segnals.Mcp.HttpServer.Tests;

/// <summary>
/// What an orchestrator relies on: /healthz while the process is up, /readyz while the Segnals API answers, and on
/// SIGTERM no new work, calls in flight finished, exit code 0.
/// </summary>
public sealed class ShutdownAndHealthTests
{
    [Fact]
    public async Task Sigterm_lets_a_call_in_flight_finish_refuses_new_connections_and_exits_0()
    {
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var backend = await ScriptedBackend.StartAsync(async (request, context, stopping) =>
        {
            if (request.Path != "/user/me")
            {
                return false;
            }

            arrived.TrySetResult();
            await release.Task.WaitAsync(stopping);
            return await ScriptedBackend.JsonAsync(context, 200, """{"username":"still-here","tier":"pro"}""");
        });
        await using var server = await HostedProcess.StartAsync(backend.Environment());
        var key = CanaryKey.New();
        await using var client = await HostedClient.ConnectAsync(server.Mcp, key);
        await client.ToolNamesAsync();

        var call = client.CallAsync("segnals_whoami");
        await arrived.Task.WaitAsync(TimeSpan.FromSeconds(30));
        server.Terminate();

        // The listener closes at once: a new connection is refused while the call is still running.
        await WaitUntilRefusedAsync(server.BaseAddress);
        Assert.False(call.IsCompleted);

        release.SetResult();
        var whoami = await call;
        Assert.Equal("still-here", whoami.String("username"));
        Assert.Equal(0, await server.WaitForExitAsync(TimeSpan.FromSeconds(20)));
        server.AssertNoKeyIn([key, backend.Key]);
    }

    [Fact]
    public async Task Serving_calls_writes_nothing_into_the_home_folder()
    {
        // ASP.NET Core's AddAuthentication() would start Data Protection, which writes an XML key ring under ~/.aspnet on
        // first start: litter (or a warning) in every container. Nothing of the server belongs in its user's home.
        await using var backend = await ScriptedBackend.StartAsync((_, _, _) => Task.FromResult(false));
        var home = Directory.CreateTempSubdirectory("segnals-home-");
        try
        {
            var environment = backend.Environment();
            environment["HOME"] = home.FullName;
            environment["XDG_DATA_HOME"] = null;
            await using (var server = await HostedProcess.StartAsync(environment))
            {
                await using var client = await HostedClient.ConnectAsync(server.Mcp, CanaryKey.New());
                Assert.Contains("segnals_list_bots", await client.ToolNamesAsync());
                server.Terminate();
                Assert.Equal(0, await server.WaitForExitAsync(TimeSpan.FromSeconds(20)));
            }

            Assert.Empty(home.EnumerateFileSystemInfos("*", SearchOption.AllDirectories).Select(entry => entry.FullName));
        }
        finally
        {
            home.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Health_says_up_and_readiness_follows_the_api()
    {
        await using var backend = await ScriptedBackend.StartAsync((_, _, _) => Task.FromResult(false));
        await using var reachable = await HostedProcess.StartAsync(backend.Environment());

        Assert.Equal(200, await StatusAsync(reachable.BaseAddress, "/healthz"));
        Assert.Equal(200, await StatusAsync(reachable.BaseAddress, "/readyz"));

        // Health checks answer whatever Host a load balancer uses.
        Assert.Equal(200, await StatusAsync(reachable.BaseAddress, "/healthz", host: "10.1.2.3"));

        await using var unreachable = await HostedProcess.StartAsync(new Dictionary<string, string?> { ["SEGNALS_API_BASE"] = "http://127.0.0.1:9/api" });
        Assert.Equal(200, await StatusAsync(unreachable.BaseAddress, "/healthz"));
        Assert.Equal(503, await StatusAsync(unreachable.BaseAddress, "/readyz"));
    }

    private static async Task<int> StatusAsync(Uri server, string path, string? host = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(server, path));
        if (host is not null)
        {
            request.Headers.Host = host;
        }

        return (await RawMcp.SendAsync(request)).Status;
    }

    private static async Task WaitUntilRefusedAsync(Uri server)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            using var fresh = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.Zero });
            try
            {
                await fresh.GetAsync(new Uri(server, "/healthz"));
            }
            catch (HttpRequestException)
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, "The server still accepted new connections 10 s after SIGTERM.");
            await Task.Delay(50);
        }
    }
}
