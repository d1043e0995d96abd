using System.Diagnostics;
using System.Text.RegularExpressions;
using Segnals.Catalog.Generator.Tests.Infrastructure;
using Xunit;

namespace Segnals.Catalog.Generator.Tests;

/// <summary>
/// On a compiler older than Roslyn 5.9 the build stops with one error, CAT029, that says so, before the
/// compiler could report missing generated types. The compiler version is what MSBuild reads from the
/// compiler's own targets; the tests set it as a global property, as an older SDK would.
/// </summary>
public sealed class CompilerVersionCheckTests
{
    private static string Targets => Path.Combine(RepositoryPaths.Root, "generators", "Segnals.Catalog.Generator", "build", "Segnals.Catalog.Generator.targets");

    [Fact]
    public async Task The_catalog_project_refuses_an_older_compiler_and_accepts_this_one()
    {
        var project = Path.Combine(RepositoryPaths.Root, "runtime", "Segnals.Mcp.Catalog", "Segnals.Mcp.Catalog.csproj");

        var old = await DotnetAsync(Path.GetDirectoryName(project)!, "msbuild", project, "-t:SegnalsCatalogCheckCompilerVersion", "-p:CompilerApiVersion=roslyn5.0", "-nologo", "-v:m");
        var current = await DotnetAsync(Path.GetDirectoryName(project)!, "msbuild", project, "-t:SegnalsCatalogCheckCompilerVersion", "-nologo", "-v:m");

        Assert.NotEqual(0, old.ExitCode);
        Assert.Contains("error CAT029: The Segnals catalog generator needs the C# compiler Roslyn 5.9 or later, but this build uses Roslyn 5.0.", old.Output, StringComparison.Ordinal);
        Assert.True(current.ExitCode == 0, current.Output);
        Assert.DoesNotContain("CAT029", current.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_build_on_an_older_compiler_fails_with_that_one_error_and_no_missing_types()
    {
        var directory = Directory.CreateTempSubdirectory("segnals-compiler-check-");
        try
        {
            // Code that needs the generated client: without the check, an old compiler would report it missing.
            File.WriteAllText(Path.Combine(directory.FullName, "Uses.cs"), "public static class Uses { public static Segnals.Mcp.Generated.ISegnalsApiClient? Client; }");
            File.WriteAllText(Path.Combine(directory.FullName, "Probe.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup><TargetFramework>net10.0</TargetFramework><ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally></PropertyGroup>
                  <Import Project="{Targets}" />
                </Project>
                """);

            var build = await DotnetAsync(directory.FullName, "build", "Probe.csproj", "-p:CompilerApiVersion=roslyn4.14", "-nologo", "-v:m");

            Assert.NotEqual(0, build.ExitCode);
            var errors = Regex.Matches(build.Output, @"error (\w+\d+)").Select(match => match.Groups[1].Value).Distinct().ToList();
            Assert.Equal(["CAT029"], errors);
            Assert.Contains("but this build uses Roslyn 4.14.", build.Output, StringComparison.Ordinal);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static async Task<(int ExitCode, string Output)> DotnetAsync(string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The test host's own MSBuild settings must not leak into the child build.
        start.Environment.Remove("MSBuildExtensionsPath");
        start.Environment.Remove("MSBUILD_EXE_PATH");
        start.Environment.Remove("MSBuildSDKsPath");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await output + await error);
    }
}
