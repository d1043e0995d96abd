using System.Reflection;

namespace Segnals.Benchmarks.Generator.Catalogs;

/// <summary>Finds the repository (the folder holding Catalog.sln): --repo, then the working directory, the binary's folder, the build-time path.</summary>
internal static class RepositoryRoot
{
    public static string Find(string? explicitRoot)
    {
        if (explicitRoot is not null)
        {
            return File.Exists(Path.Combine(explicitRoot, "Catalog.sln"))
                ? Path.GetFullPath(explicitRoot)
                : throw new InvalidOperationException("--repo " + explicitRoot + " holds no Catalog.sln.");
        }

        var buildTime = typeof(RepositoryRoot).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(attribute => attribute.Key == "RepositoryRoot")?.Value;
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory, buildTime })
        {
            for (var directory = start is null ? null : new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "Catalog.sln")))
                {
                    return directory.FullName;
                }
            }
        }

        throw new InvalidOperationException("Catalog.sln not found above the working directory or the benchmark; pass --repo <path>.");
    }
}
