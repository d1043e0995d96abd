using System.Diagnostics;
using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Segnals.Mcp.Server.Tests.Infrastructure;
using Segnals.Testing;
using Xunit;

namespace Segnals.Mcp.Server.Tests;

/// <summary>
/// Tests what is shipped: packs the .NET tool from the repository, installs it offline from that
/// folder into a temporary tool path, and runs the installed `segnals-mcp`.
/// </summary>
public sealed class PackagingTests
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(150);

    [Fact]
    [Trait("Category", "Packaging")]
    public async Task The_packed_tool_installs_and_serves_over_stdio()
    {
        var root = Directory.CreateTempSubdirectory("segnals-e2e-pack-").FullName;
        try
        {
            var feed = Path.Combine(root, "feed");
            var tools = Path.Combine(root, "tools");
            var project = Path.Combine(RepositoryRoot(), "runtime", "Segnals.Mcp.Server", "Segnals.Mcp.Server.csproj");

            // Its own artifacts folder, so it never touches (or waits on) the repository's bin/obj.
            await RunDotnetAsync(root, "pack", project, "-o", feed, "--artifacts-path", Path.Combine(root, "artifacts"), "-nodeReuse:false");
            var package = Assert.Single(Directory.GetFiles(feed, "*.nupkg"));
            Assert.Equal("Segnals.Mcp.1.0.0.nupkg", Path.GetFileName(package));
            AssertPackageContents(package);

            // Offline: the local folder is the only source, and a private package folder means no cached copy can stand in.
            var config = Path.Combine(root, "nuget.config");
            await File.WriteAllTextAsync(config, $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <packageSources>
                    <clear />
                    <add key="local" value="{feed}" />
                  </packageSources>
                </configuration>
                """);
            await RunDotnetAsync(root, "tool", "install", "Segnals.Mcp", "--tool-path", tools, "--configfile", config, "--version", "1.0.0");
            var installed = Path.Combine(tools, OperatingSystem.IsWindows() ? "segnals-mcp.exe" : "segnals-mcp");
            Assert.True(File.Exists(installed), "The tool's command is not segnals-mcp.");

            await using (var version = ServerProcess.Start(installed, ["--version"], new Dictionary<string, string?>()))
            {
                Assert.Equal(0, await version.WaitForExitAsync());
                Assert.Equal("segnals-mcp 1.0.0 (catalog 1.0.0, 36 tools)", version.StdoutText.Trim());
            }

            await using var backend = await ScriptedBackend.StartAsync((_, _, _) => Task.FromResult(false));
            await using var session = await ServerSession.StartAsync(backend.Environment(), command: installed);
            Assert.Equal("segnals-mcp", session.Client.ServerInfo!.Name);
            Assert.Equal(ExpectedTools.Names.Order(), (await session.ToolNamesAsync()).Order());
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static void AssertPackageContents(string package)
    {
        using var archive = ZipFile.OpenRead(package);
        var entries = archive.Entries.Select(entry => entry.FullName).ToHashSet();
        Assert.Contains("tools/net10.0/any/segnals-mcp.dll", entries);
        Assert.Contains("tools/net10.0/any/DotnetToolSettings.xml", entries);
        Assert.Contains("README.md", entries);

        using var stream = archive.GetEntry(".mcp/server.json")!.Open();
        var server = JsonDocument.Parse(stream).RootElement;
        var nuget = server.GetProperty("packages").EnumerateArray().Single();
        Assert.Equal("nuget", nuget.GetProperty("registryType").GetString());
        Assert.Equal("Segnals.Mcp", nuget.GetProperty("identifier").GetString());
        Assert.Equal("stdio", nuget.GetProperty("transport").GetProperty("type").GetString());
        var key = nuget.GetProperty("environmentVariables").EnumerateArray().Single(variable => variable.GetProperty("name").GetString() == "SEGNALS_API_KEY");
        Assert.True(key.GetProperty("isSecret").GetBoolean());
    }

    private static async Task RunDotnetAsync(string workingDirectory, params string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        // Variables the test host inherits from `dotnet test` would point a nested build at the outer one's MSBuild.
        foreach (var name in new[] { "MSBuildExtensionsPath", "MSBUILD_EXE_PATH", "MSBuildSDKsPath", "MSBuildLoadMicrosoftTargetsReadOnly", "MSBUILDNOINPROCNODE" })
        {
            info.Environment.Remove(name);
        }

        info.Environment["NUGET_PACKAGES"] = Path.Combine(workingDirectory, "packages-" + arguments[0]);
        info.Environment["DOTNET_NOLOGO"] = "1";
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        if (arguments[0] == "pack")
        {
            // The build itself restores from the machine's usual (warm) package folder.
            info.Environment.Remove("NUGET_PACKAGES");
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(CommandTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet {string.Join(' ', arguments)} took longer than {CommandTimeout.TotalSeconds} s.");
        }

        Assert.True(process.ExitCode == 0, $"dotnet {string.Join(' ', arguments)} failed ({process.ExitCode}):\n{await stdout}\n{await stderr}");
    }

    private static string RepositoryRoot([CallerFilePath] string thisFile = "")
    {
        for (var directory = Path.GetDirectoryName(thisFile); directory is not null; directory = Path.GetDirectoryName(directory))
        {
            if (File.Exists(Path.Combine(directory, "Catalog.sln")))
            {
                return directory;
            }
        }

        throw new InvalidOperationException("Catalog.sln not found above " + thisFile);
    }
}
