namespace Segnals.Catalog.Generator.Tests.Infrastructure;

/// <summary>The repository root (where Catalog.sln is): recorded at build time, else found above the output folder.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string Catalog => Path.Combine(Root, "catalog");

    private static string FindRoot()
    {
        var recorded = typeof(RepositoryPaths).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
            .Cast<System.Reflection.AssemblyMetadataAttribute>()
            .FirstOrDefault(attribute => attribute.Key == "RepositoryRoot")?.Value;
        if (recorded is not null && File.Exists(Path.Combine(recorded, "Catalog.sln")))
        {
            return recorded;
        }

        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Catalog.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Catalog.sln not found above " + AppContext.BaseDirectory);
    }
}
