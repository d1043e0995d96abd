using System;
using System.Collections.Generic;
using System.Linq;
using Segnals.Catalog.Generator.Diagnostics;
using Segnals.Catalog.Generator.Emitting;
using Segnals.Catalog.Generator.Model;

namespace Segnals.Catalog.Generator.Validation;

/// <summary>
/// Joins the parsed files into one catalog, applies every catalog rule, and derives what the
/// YAML leaves implicit (hints, parameter locations, C# names). Reports all problems at once.
/// </summary>
internal static class CatalogValidator
{
    public static CatalogBuildResult Build(IReadOnlyList<ParsedCatalogFile> files)
    {
        var ordered = files.OrderBy(file => file.Path, StringComparer.Ordinal).ToList();
        var diagnostics = new List<DiagnosticInfo>();
        foreach (var file in ordered)
        {
            diagnostics.AddRange(file.Diagnostics);
        }

        if (ordered.Count == 0)
        {
            return new CatalogBuildResult(null, diagnostics.ToEquatableArray());
        }

        var services = ordered.Where(file => file.Service is not null).ToList();
        if (services.Count != 1)
        {
            var where = services.Count > 1 ? services[1].Service!.Span : SourceSpan.FileStart(ordered[0].Path);
            var message = services.Count == 0
                ? "The catalog has no service file (a YAML file with a top-level 'service' mapping)"
                : "The catalog has more than one service file: " + string.Join(", ", services.Select(file => file.Path));
            diagnostics.Add(DiagnosticInfo.Create(CatalogDiagnostics.ServiceFileCount, where, message));
            return new CatalogBuildResult(null, diagnostics.ToEquatableArray());
        }

        var service = services[0].Service!;
        var context = new ValidationContext(service, diagnostics);
        context.CheckService();

        var groupOrder = service.Groups.Select(group => group.Name).ToList();
        var specs = new List<(ToolSpec Tool, string Group)>();
        foreach (var file in ordered.Where(file => file.Group is not null))
        {
            var group = file.Group!;
            if (!groupOrder.Contains(group.Group.Value))
            {
                diagnostics.Add(DiagnosticInfo.Create(CatalogDiagnostics.UnknownGroup, group.Group.Span, group.Group.Value, string.Join(", ", groupOrder)));
            }

            specs.AddRange(group.Tools.Select(tool => (tool, group.Group.Value)));
        }

        // Catalog order: groups as the service file lists them, then file and YAML order.
        var sorted = specs
            .Select((entry, index) => (entry.Tool, entry.Group, Index: index))
            .OrderBy(entry => groupOrder.IndexOf(entry.Group) is var position && position < 0 ? int.MaxValue : position)
            .ThenBy(entry => entry.Index)
            .Select(entry => (entry.Tool, entry.Group))
            .ToList();

        var tools = context.BuildTools(sorted);
        var hasErrors = diagnostics.Count > 0;
        var model = hasErrors ? null : new CatalogModel(context.BuildServiceModel(), tools.ToEquatableArray(), context.ClientMethods.ToEquatableArray());
        return new CatalogBuildResult(model, diagnostics.ToEquatableArray());
    }
}
