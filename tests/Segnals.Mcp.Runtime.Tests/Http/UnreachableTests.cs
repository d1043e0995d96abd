using System.Net;
using System.Net.Sockets;
using Segnals.Mcp.Runtime.Http;
using Segnals.Mcp.Runtime.Tests.Testing;

namespace Segnals.Mcp.Runtime.Tests.Http;

public sealed class UnreachableTests
{
    [Fact]
    public async Task A_closed_port_is_unreachable_naming_the_host_and_port()
    {
        var port = ClosedLoopbackPort();
        using var transport = Transports.For(new Uri($"http://127.0.0.1:{port}/api"), maxRetries: 1);

        var error = await ApiErrors.CaptureAsync(() => transport.SendAsync(Transports.Get("/user/me"), CancellationToken.None));

        Assert.Equal(ApiErrorKind.Unreachable, error.Kind);
        Assert.Null(error.StatusCode);
        Assert.StartsWith($"Cannot reach the Segnals API at 127.0.0.1:{port}", error.Message);
        Assert.Contains("after 2 attempts", error.Message);
    }

    [Fact]
    public async Task A_post_that_could_not_connect_is_unreachable_and_says_so_plainly()
    {
        var port = ClosedLoopbackPort();
        using var transport = Transports.For(new Uri($"http://127.0.0.1:{port}/api"));

        var error = await ApiErrors.CaptureAsync(() => transport.SendAsync(Transports.Post("/bots/create"), CancellationToken.None));

        Assert.Equal(ApiErrorKind.Unreachable, error.Kind);
        Assert.StartsWith("Cannot reach", error.Message);
        Assert.Contains("after 1 attempt;", error.Message);
    }

    /// <summary>A port that was just free: bind it, note it, release it.</summary>
    private static int ClosedLoopbackPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
