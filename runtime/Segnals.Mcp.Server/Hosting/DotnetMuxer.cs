namespace Segnals.Mcp.Server.Hosting;

/// <summary>
/// Finds the `dotnet` muxer that runs the hosted server. A .NET tool is installed with it, so it is found in
/// one of the places the SDK itself puts or looks for it.
/// </summary>
internal static class DotnetMuxer
{
    public static string? Find(Func<string, string?> environment)
    {
        var name = OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet";

        // Run as `dotnet segnals-mcp.dll` (the portable tool package): the muxer is this very process.
        if (Environment.ProcessPath is { } self && string.Equals(Path.GetFileName(self), name, StringComparison.OrdinalIgnoreCase))
        {
            return self;
        }

        var candidates = new List<string?>
        {
            environment("DOTNET_HOST_PATH"),
            Under(environment("DOTNET_ROOT"), name),
            Under(environment(OperatingSystem.IsWindows() ? "DOTNET_ROOT(x86)" : "DOTNET_ROOT_X64"), name),
        };
        candidates.AddRange((environment("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).Select(folder => Under(folder, name)));
        candidates.AddRange(OperatingSystem.IsWindows()
            ? [Under(Environment.GetFolderPath(Environment.SpecialFolder.ProgramFiles), Path.Combine("dotnet", name))]
            : ["/usr/share/dotnet/dotnet", "/usr/lib/dotnet/dotnet", "/usr/local/share/dotnet/dotnet", "/opt/dotnet/dotnet",
               Under(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".dotnet/dotnet")]);
        return candidates.FirstOrDefault(candidate => candidate is { Length: > 0 } && File.Exists(candidate));
    }

    private static string? Under(string? folder, string name)
    {
        if (string.IsNullOrWhiteSpace(folder))
        {
            return null;
        }

        try
        {
            return Path.Combine(folder.Trim(), name);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
