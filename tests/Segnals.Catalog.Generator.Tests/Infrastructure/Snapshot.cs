using System.Runtime.CompilerServices;
using Xunit;

namespace Segnals.Catalog.Generator.Tests.Infrastructure;

/// <summary>
/// Snapshot files kept beside the tests (Verify is not available here). On a mismatch the actual
/// text is written as *.received.* and the test fails; SEGNALS_ACCEPT_SNAPSHOTS=1 accepts it.
/// </summary>
internal static class Snapshot
{
    public const string AcceptVariable = "SEGNALS_ACCEPT_SNAPSHOTS";

    public static void Match(string actual, string name, string extension, [CallerFilePath] string callerFile = "")
    {
        var directory = Path.Combine(Path.GetDirectoryName(callerFile)!, "Snapshots");
        Directory.CreateDirectory(directory);
        var verified = Path.Combine(directory, name + ".verified." + extension);
        var received = Path.Combine(directory, name + ".received." + extension);
        actual = Normalize(actual);

        if (File.Exists(verified) && Normalize(File.ReadAllText(verified)) == actual)
        {
            File.Delete(received);
            return;
        }

        if (Environment.GetEnvironmentVariable(AcceptVariable) == "1")
        {
            File.WriteAllText(verified, actual);
            File.Delete(received);
            return;
        }

        File.WriteAllText(received, actual);
        Assert.Fail($"Snapshot '{name}' differs (or is new). Compare {received} with {verified}; if the change is intended, rerun with {AcceptVariable}=1.");
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n").TrimStart('\uFEFF');
}
