namespace Segnals.Catalog.Generator.Tests.Infrastructure;

/// <summary>Finds the repository root (where Catalog.sln is) from the test's output folder.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string Catalog => Path.Combine(Root, "catalog");

    private static string FindRoot()
    {
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
