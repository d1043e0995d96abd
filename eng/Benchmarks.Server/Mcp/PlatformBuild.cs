using System.Diagnostics;
using System.Reflection;

namespace Segnals.Benchmarks.Server.Mcp;

/// <summary>The build a platform package ships, made on the spot so the benchmark measures what users install.</summary>
internal static class PlatformBuild
{
    /// <summary>
    /// Publishes what this machine's platform package ships (the project's own settings for a runtime
    /// identifier: Native AOT for linux-x64, self-contained composite ReadyToRun for win-x64) into a
    /// temporary folder; null, with the reason on stderr, when this platform has no such build.
    /// </summary>
    public static ServerUnderTest? Publish()
    {
        var project = typeof(PlatformBuild).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(attribute => attribute.Key == "SegnalsMcpProject")?.Value;
        var rid = System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier;
        var folder = Directory.CreateTempSubdirectory("segnals-bench-" + rid + "-").FullName;
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { "publish", project ?? "", "-c", "Release", "-r", rid, "-o", Path.Combine(folder, "bin"), "--artifacts-path", Path.Combine(folder, "artifacts"), "-nodeReuse:false" })
        {
            start.ArgumentList.Add(argument);
        }

        using var publish = Process.Start(start)!;
        var output = publish.StandardOutput.ReadToEndAsync();
        var errors = publish.StandardError.ReadToEndAsync();
        if (!publish.WaitForExit(TimeSpan.FromMinutes(10)))
        {
            publish.Kill(entireProcessTree: true);
            publish.WaitForExit();
        }

        if (publish.ExitCode != 0)
        {
            Console.Error.WriteLine($"  no platform build for {rid} (dotnet publish failed); measuring the portable build only.\n{output.Result}{errors.Result}");
            return null;
        }

        var published = new ServerUnderTest(rid, ServerUnderTest.Resolve(Path.Combine(folder, "bin")));
        return published with { Label = published.IsNativeAot ? rid + " AOT" : rid };
    }
}
