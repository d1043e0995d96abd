using System.Diagnostics;
using System.Runtime.InteropServices;
using Xunit;

namespace Segnals.Mcp.Server.Tests.Infrastructure;

/// <summary>
/// Whether this machine can build the linux-x64 package, which is compiled Native AOT: only on Linux x64,
/// and only with clang able to link against zlib (the check eng/test-prerequisites.sh makes too).
/// </summary>
internal static class NativeToolchain
{
    private static readonly Lazy<string?> Missing = new(FindWhatIsMissing);

    /// <summary>Why the AOT package cannot be built here, in one line; null when it can.</summary>
    public static string? MissingReason => Missing.Value;

    private static string? FindWhatIsMissing()
    {
        if (RuntimeInformation.RuntimeIdentifier != "linux-x64")
        {
            return $"the linux-x64 package is compiled Native AOT, which cannot be cross-compiled from {RuntimeInformation.RuntimeIdentifier}.";
        }

        return CanLinkAgainstZlib()
            ? null
            : "the linux-x64 package is compiled Native AOT, which needs clang and zlib1g-dev: run ./eng/test-prerequisites.sh as root (or apt-get install -y clang zlib1g-dev).";
    }

    private static bool CanLinkAgainstZlib()
    {
        var output = Path.Combine(Path.GetTempPath(), "segnals-toolchain-" + Guid.NewGuid().ToString("N"));
        try
        {
            using var clang = Process.Start(new ProcessStartInfo("clang", ["-x", "c", "-", "-lz", "-o", output])
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            })!;
            clang.StandardInput.Write("int main(void) { return 0; }\n");
            clang.StandardInput.Close();
            _ = clang.StandardOutput.ReadToEndAsync();
            _ = clang.StandardError.ReadToEndAsync();
            if (!clang.WaitForExit(TimeSpan.FromSeconds(60)))
            {
                clang.Kill();
                return false;
            }

            return clang.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false; // no clang on PATH
        }
        finally
        {
            File.Delete(output);
        }
    }
}

/// <summary>A fact that reports itself skipped, with the reason, where the Native AOT package cannot be built.</summary>
internal sealed class NativeAotFactAttribute : FactAttribute
{
    public NativeAotFactAttribute()
    {
        if (NativeToolchain.MissingReason is { } reason)
        {
            Skip = reason;
        }
    }
}
