namespace Segnals.Benchmarks.Hosted.Processes;

/// <summary>Where the repository's own Release build of the hosted server is.</summary>
internal static class RepositoryBuild
{
    public static string HostedServer()
    {
        var root = AppContext.BaseDirectory;
        while (root is not null && !File.Exists(Path.Combine(root, "Catalog.sln")))
        {
            root = Path.GetDirectoryName(root.TrimEnd(Path.DirectorySeparatorChar));
        }

        var path = root is null ? null : Path.Combine(root, "runtime", "Segnals.Mcp.HttpServer", "bin", "Release", "net10.0", "segnals-mcp-http.dll");
        return path is not null && File.Exists(path)
            ? path
            : throw new InvalidOperationException("No Release build of segnals-mcp-http: run `dotnet build -c Release runtime/Segnals.Mcp.HttpServer` first, or pass --hosted PATH.");
    }
}
