using Segnals.Catalog.Generator.Diagnostics;
using Segnals.Catalog.Generator.Model;

namespace Segnals.Catalog.Generator.Validation;

/// <summary>The validated catalog (null when any error was found) and every diagnostic.</summary>
internal sealed record CatalogBuildResult(CatalogModel? Model, EquatableArray<DiagnosticInfo> Diagnostics);
