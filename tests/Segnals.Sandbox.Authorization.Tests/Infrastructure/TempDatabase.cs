namespace Segnals.Sandbox.Authorization.Tests.Infrastructure;

/// <summary>A sandbox database file of the test's own, deleted (with its WAL files) at the end.</summary>
public sealed class TempDatabase : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "segnals-oauth-" + Guid.NewGuid().ToString("N") + ".db");

    public void Dispose()
    {
        foreach (var file in new[] { Path, Path + "-wal", Path + "-shm" })
        {
            File.Delete(file);
        }
    }
}
