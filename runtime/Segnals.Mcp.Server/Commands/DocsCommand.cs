using Segnals.Mcp.Generated;

namespace Segnals.Mcp.Server.Commands;

/// <summary>Writes docs/TOOLS.md from the reference the generator compiled in (the generator itself never writes files).</summary>
internal static class DocsCommand
{
    public static async Task<int> RunAsync(string? outputPath, TextWriter stdout, TextWriter stderr)
    {
        var path = outputPath ?? DefaultPath();
        if (path is null)
        {
            await stderr.WriteLineAsync("segnals-mcp docs: not inside the repository (no Catalog.sln above the current folder); pass --output PATH.");
            return 2;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        await File.WriteAllTextAsync(path, SegnalsCatalog.ToolReferenceMarkdown);
        await stdout.WriteLineAsync($"Wrote {path} ({SegnalsCatalog.Info.Tools.Count} tools).");
        return 0;
    }

    private static string? DefaultPath()
    {
        for (var directory = new DirectoryInfo(Environment.CurrentDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Catalog.sln")))
            {
                return Path.Combine(directory.FullName, "docs", "TOOLS.md");
            }
        }

        return null;
    }
}
