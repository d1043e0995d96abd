namespace Segnals.Sandbox;

/// <summary>Where the sandbox keeps its database when it is not told: a file under the platform's data folder.</summary>
public static class SandboxDataFolder
{
    /// <summary>
    /// &lt;local data folder&gt;/segnals-sandbox/sandbox.db: $XDG_DATA_HOME, else ~/.local/share on Linux;
    /// ~/Library/Application Support on macOS; %LOCALAPPDATA% on Windows. Null when that folder is not an
    /// absolute path (no usable HOME), so the caller can ask for an explicit path instead of guessing.
    /// </summary>
    public static string? DefaultDatabasePath()
    {
        // DoNotVerify: by default .NET answers "" for a folder that does not exist yet (a fresh HOME has no
        // ~/.local/share), and the database then landed in whatever directory the client started us in.
        // The folder is created with the database.
        var folder = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify);
        return Path.IsPathFullyQualified(folder) ? Path.Combine(folder, "segnals-sandbox", "sandbox.db") : null;
    }
}
