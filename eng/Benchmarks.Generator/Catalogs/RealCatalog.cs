namespace Segnals.Benchmarks.Generator.Catalogs;

/// <summary>The catalog as committed: catalog/service.yaml and catalog/tools/*.yaml, in ordinal path order.</summary>
internal static class RealCatalog
{
    public static IReadOnlyList<InMemoryAdditionalText> Load(string repositoryRoot) =>
        Directory.GetFiles(Path.Combine(repositoryRoot, "catalog"), "*.yaml", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .Select(path => new InMemoryAdditionalText(path, File.ReadAllText(path)))
            .ToList();

    public static InMemoryAdditionalText ServiceFile(IReadOnlyList<InMemoryAdditionalText> catalog) =>
        catalog.Single(file => Path.GetFileName(file.Path) == "service.yaml");
}
