using System.Diagnostics;
using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Text.Json;
using ModelContextProtocol.Protocol;
using Segnals.Mcp.Server.Tests.Infrastructure;
using Segnals.Testing;
using Xunit;

namespace Segnals.Mcp.Server.Tests;

/// <summary>
/// Tests what is shipped: packs the .NET tool from the repository, installs it offline from that
/// folder into a temporary tool path, and runs the installed `segnals-mcp`.
/// </summary>
[Collection(PackagingTests.Alone)]
public sealed class PackagingTests
{
    /// <summary>
    /// Packing keeps both cores busy for over a minute; run alone, after the other tests, so their
    /// timing bounds (retry waits, prompt exits) are not measured on a starved machine.
    /// </summary>
    public const string Alone = "Packaging runs alone";

    // Packing builds three tools (Native AOT, self-contained composite ReadyToRun, portable): minutes on 2
    // cores, and several times that with a cold package cache or other builds on the machine. The limit only
    // catches a hung command; it is no performance bound (the benchmarks in eng/ are).
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(25);

    /// <summary>The platforms that get their own self-contained package; every other one installs "any".</summary>
    private static readonly string[] PlatformPackages = ["linux-x64", "win-x64"];

    [NativeAotFact]
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
            Assert.Equal(
                new[] { "Segnals.Mcp.1.0.0.nupkg", "Segnals.Mcp.any.1.0.0.nupkg" }.Concat(PlatformPackages.Select(rid => $"Segnals.Mcp.{rid}.1.0.0.nupkg")).Order(StringComparer.Ordinal),
                Directory.GetFiles(feed, "*.nupkg").Select(file => Path.GetFileName(file)).Order(StringComparer.Ordinal));
            AssertPointerPackage(Path.Combine(feed, "Segnals.Mcp.1.0.0.nupkg"));
            AssertNativeAotPackage(Path.Combine(feed, "Segnals.Mcp.linux-x64.1.0.0.nupkg"), "linux-x64");
            AssertReadyToRunPackage(Path.Combine(feed, "Segnals.Mcp.win-x64.1.0.0.nupkg"), "win-x64");

            AssertPortablePackage(Path.Combine(feed, "Segnals.Mcp.any.1.0.0.nupkg"));
            foreach (var (package, folder) in PlatformPackages.Select(rid => ($"Segnals.Mcp.{rid}.1.0.0.nupkg", $"tools/any/{rid}/")).Append(("Segnals.Mcp.any.1.0.0.nupkg", "tools/net10.0/any/")))
            {
                AssertCarriesHostedServer(Path.Combine(feed, package), folder);
            }

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

            // The installer must have picked this machine's own package when there is one.
            var host = System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier;
            var expected = PlatformPackages.Contains(host) ? "segnals.mcp." + host : "segnals.mcp.any";
            Assert.True(Directory.Exists(Path.Combine(tools, ".store", "segnals.mcp", "1.0.0", expected)), $"dotnet tool install did not install {expected} on {host}.");

            await using (var version = ServerProcess.Start(installed, ["--version"], new Dictionary<string, string?>()))
            {
                Assert.Equal(0, await version.WaitForExitAsync());
                Assert.Equal("segnals-mcp 1.0.0 (catalog 1.0.0, 36 tools)", version.StdoutText.Trim());
            }

            // The protocol's JSON (source-generated in the SDK, precomputed in the catalog) survives AOT compilation.
            await using (var backend = await ScriptedBackend.StartAsync((_, _, _) => Task.FromResult(false)))
            await using (var session = await ServerSession.StartAsync(backend.Environment(), command: installed))
            {
                var server = session.Client.ServerInfo!;
                Assert.Equal("segnals-mcp", server.Name);
                ListingCacheAndIdentityTests.AssertSafeSvg(Assert.Single(server.Icons ?? []).Source);
                var listed = await session.Client.ListToolsAsync(new ListToolsRequestParams());
                Assert.Equal(ExpectedTools.Names, listed.Tools.Select(tool => tool.Name));
                Assert.Equal((TimeSpan.FromHours(1), CacheScope.Private), (listed.TimeToLive, listed.CacheScope));
                Assert.All(listed.Tools, tool => Assert.Equal(JsonValueKind.Object, tool.InputSchema.ValueKind));
            }

            // The embedded sandbox (Kestrel minimal APIs, SQLite with its FTS5 index) works in the AOT binary:
            // a read, a write, and a full-text search.
            var sandbox = new Dictionary<string, string?> { ["SEGNALS_API_KEY"] = null, ["SEGNALS_SANDBOX_DB"] = Path.Combine(root, "sandbox.db") };
            await using (var session = await ServerSession.StartAsync(sandbox, ["--sandbox"], command: installed))
            {
                var bots = await session.CallAsync("segnals_list_bots");
                Assert.True(bots.Data.GetProperty("bots").GetArrayLength() > 0, "the AOT sandbox served no demo bots");
                var stopped = await session.CallAsync("segnals_stop_bot", new { bot_id = SandboxBackend.RunningBot });
                Assert.False(stopped.IsError, stopped.Text);
                var bot = await session.CallAsync("segnals_get_bot", new { bot_id = SandboxBackend.RunningBot });
                Assert.Equal("stopped", bot.Data.GetProperty("status").GetString());
                // An API error answer: its body is read by ApiExchange and explained by the handlers, never by the
                // Refit serializer methods this build compiles as "throw" (NativeAot/*.substitutions.xml).
                var missing = await session.CallAsync("segnals_get_bot", new { bot_id = 999_999 });
                Assert.True(missing.IsError, missing.Text);
                Assert.Contains("found nothing there", missing.Text, StringComparison.Ordinal);
                var answers = await session.CallAsync("segnals_search_knowledge", new { query = "martingale", limit = 3 });
                var hits = answers.Data.GetProperty("results").EnumerateArray().ToList();
                Assert.NotEmpty(hits);
                Assert.Contains("martingale", hits[0].GetProperty("title").GetString()!, StringComparison.OrdinalIgnoreCase);
            }

            await AssertHostedModeRunsAsync(installed, root);

            // dnx (.NET 10) fetches and runs the same packages without installing them.
            var viaDnx = await RunDotnetAsync(root, "dnx", "Segnals.Mcp@1.0.0", "--yes", "--configfile", config, "--", "--version");
            Assert.Contains("segnals-mcp 1.0.0 (catalog 1.0.0, 36 tools)", viaDnx);

            await AssertPortableToolRunsAsync(Path.Combine(feed, "Segnals.Mcp.any.1.0.0.nupkg"), root);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>What the registry and the installer read: the command, the per-platform packages, server.json.</summary>
    private static void AssertPointerPackage(string package)
    {
        using var archive = ZipFile.OpenRead(package);
        Assert.NotNull(archive.GetEntry("README.md"));
        using (var settings = archive.GetEntry("tools/any/any/DotnetToolSettings.xml")!.Open())
        {
            var document = System.Xml.Linq.XDocument.Load(settings);
            Assert.Equal("segnals-mcp", document.Descendants("Command").Single().Attribute("Name")!.Value);
            Assert.Equal(
                PlatformPackages.Append("any").Order(StringComparer.Ordinal),
                document.Descendants("RuntimeIdentifierPackage").Select(entry => entry.Attribute("RuntimeIdentifier")!.Value).Order(StringComparer.Ordinal));
        }

        using var stream = archive.GetEntry(".mcp/server.json")!.Open();
        var server = JsonDocument.Parse(stream).RootElement;
        var nuget = server.GetProperty("packages").EnumerateArray().Single();
        Assert.Equal("nuget", nuget.GetProperty("registryType").GetString());
        Assert.Equal("Segnals.Mcp", nuget.GetProperty("identifier").GetString());
        Assert.Equal("stdio", nuget.GetProperty("transport").GetProperty("type").GetString());
        var key = nuget.GetProperty("environmentVariables").EnumerateArray().Single(variable => variable.GetProperty("name").GetString() == "SEGNALS_API_KEY");
        Assert.True(key.GetProperty("isSecret").GetBoolean());
    }

    /// <summary>
    /// The linux-x64 package is one native executable (plus SQLite's native library for the sandbox): no
    /// .NET runtime, no IL assemblies, nothing for a JIT. Beside it, http/ holds the hosted server that
    /// `serve --http` runs on the installed runtime (<see cref="AssertCarriesHostedServer"/>).
    /// </summary>
    private static void AssertNativeAotPackage(string package, string rid)
    {
        using var archive = ZipFile.OpenRead(package);
        var entries = PlatformEntries(archive, rid);
        Assert.Equal(["DotnetToolSettings.xml", "libe_sqlite3.so", "segnals-mcp"], entries.Keys.Where(name => !name.StartsWith("http/", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        using var executable = entries["segnals-mcp"].Open();
        var header = new byte[4];
        executable.ReadExactly(header);
        Assert.Equal("\u007fELF"u8.ToArray(), header);
        Assert.InRange(entries["segnals-mcp"].Length, 5_000_000, 60_000_000);
    }

    /// <summary>The win-x64 package carries its own runtime and one precompiled (composite ReadyToRun) image.</summary>
    private static void AssertReadyToRunPackage(string package, string rid)
    {
        using var archive = ZipFile.OpenRead(package);
        var entries = PlatformEntries(archive, rid);
        Assert.Contains("segnals-mcp.exe", entries.Keys);
        Assert.Contains("coreclr.dll", entries.Keys);
        Assert.Contains("segnals-mcp.r2r.dll", entries.Keys);
        Assert.Contains("DotnetToolSettings.xml", entries.Keys);

        using var config = entries["segnals-mcp.runtimeconfig.json"].Open();
        var options = JsonDocument.Parse(config).RootElement.GetProperty("runtimeOptions");
        Assert.True(options.TryGetProperty("includedFrameworks", out _), $"{rid}: not self-contained");
    }

    private static Dictionary<string, ZipArchiveEntry> PlatformEntries(ZipArchive archive, string rid)
    {
        var folder = $"tools/any/{rid}/";
        return archive.Entries.Where(entry => entry.FullName.StartsWith(folder, StringComparison.Ordinal)).ToDictionary(entry => entry.FullName[folder.Length..], StringComparer.Ordinal);
    }

    private static void AssertPortablePackage(string package)
    {
        using var archive = ZipFile.OpenRead(package);
        Assert.NotNull(archive.GetEntry("tools/net10.0/any/segnals-mcp.dll"));
        Assert.NotNull(archive.GetEntry("tools/net10.0/any/DotnetToolSettings.xml"));
    }

    /// <summary>`segnals-mcp serve --http` runs the hosted server shipped in http/ (framework-dependent, for every package).</summary>
    private static void AssertCarriesHostedServer(string package, string folder)
    {
        using var archive = ZipFile.OpenRead(package);
        Assert.NotNull(archive.GetEntry(folder + "http/segnals-mcp-http.dll"));
        using var config = archive.GetEntry(folder + "http/segnals-mcp-http.runtimeconfig.json")!.Open();
        var options = JsonDocument.Parse(config).RootElement.GetProperty("runtimeOptions");
        Assert.False(options.TryGetProperty("includedFrameworks", out _), $"{package}: the hosted server must run on the installed runtime");
    }

    /// <summary>The installed command serves hosted mode: the hosted server from the package answers on loopback and stops on SIGTERM with 0.</summary>
    private static async Task AssertHostedModeRunsAsync(string installed, string root)
    {
        var environment = new Dictionary<string, string?> { ["SEGNALS_API_KEY"] = null, ["SEGNALS_SANDBOX_DB"] = Path.Combine(root, "hosted.db") };
        await using var hosted = ServerProcess.Start(installed, ["serve", "--http", "--port", "0", "--sandbox"], environment);
        var address = await WaitForLineAsync(hosted, line => line.Contains("serving MCP", StringComparison.Ordinal));
        var port = System.Text.RegularExpressions.Regex.Match(address, @"http://127\.0\.0\.1:(\d+)/").Groups[1].Value;
        using (var http = new HttpClient())
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, (await http.GetAsync($"http://127.0.0.1:{port}/healthz")).StatusCode);
        }

        using (var kill = Process.Start("kill", ["-TERM", hosted.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        Assert.Equal(0, await hosted.WaitForExitAsync(TimeSpan.FromSeconds(20)));
    }

    private static async Task<string> WaitForLineAsync(ServerProcess process, Func<string, bool> match)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (process.StderrLines.FirstOrDefault(match) is { } line)
            {
                return line;
            }

            Assert.False(process.HasExited, "The hosted server exited early. stderr:\n" + process.StderrText);
            await Task.Delay(100);
        }

        throw new TimeoutException("The hosted server did not start within 60 s. stderr:\n" + process.StderrText);
    }

    /// <summary>The fallback other platforms install runs on the machine's shared .NET runtime.</summary>
    private static async Task AssertPortableToolRunsAsync(string package, string root)
    {
        var folder = Path.Combine(root, "portable");
        ZipFile.ExtractToDirectory(package, folder);
        await using var version = ServerProcess.Start("dotnet", [Path.Combine(folder, "tools", "net10.0", "any", "segnals-mcp.dll"), "--version"], new Dictionary<string, string?>());
        Assert.Equal(0, await version.WaitForExitAsync());
        Assert.Equal("segnals-mcp 1.0.0 (catalog 1.0.0, 36 tools)", version.StdoutText.Trim());
    }

    /// <returns>The command's standard output.</returns>
    private static async Task<string> RunDotnetAsync(string workingDirectory, params string[] arguments)
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
        return await stdout;
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

[CollectionDefinition(PackagingTests.Alone, DisableParallelization = true)]
public sealed class PackagingRunsAlone;
