namespace Segnals.Sandbox.Tests.Infrastructure;

public static class TempFiles
{
    /// <summary>Deletes a SQLite database with its WAL and shared-memory files.</summary>
    public static void DeleteDatabase(string path)
    {
        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
        {
            try
            {
                File.Delete(file);
            }
            catch (IOException)
            {
            }
        }
    }
}
