using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Configuration;

namespace Segnals.Benchmarks.Hosted.Roles;

/// <summary>The load balancer in front of replicas: YARP passing each request to the next replica in turn, no affinity.</summary>
internal static class RoundRobinProxy
{
    public static async Task RunAsync(int port, IReadOnlyList<Uri> replicas)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        var route = new RouteConfig { RouteId = "all", ClusterId = "replicas", Match = new RouteMatch { Path = "{**rest}" } };
        var cluster = new ClusterConfig
        {
            ClusterId = "replicas",
            LoadBalancingPolicy = "RoundRobin",
            Destinations = replicas.Select((uri, index) => (uri, index)).ToDictionary(
                entry => "replica" + entry.index,
                entry => new DestinationConfig { Address = entry.uri.AbsoluteUri }),
        };
        builder.Services.AddReverseProxy().LoadFromMemory([route], [cluster]);

        var app = builder.Build();
        app.MapReverseProxy();
        await app.RunAsync();
    }
}
