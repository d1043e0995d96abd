using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using Segnals.Catalog.Generator.Emitting;
using Segnals.Catalog.Generator.Model;
using Segnals.Catalog.Generator.Parsing;
using Segnals.Catalog.Generator.Validation;

namespace Segnals.Catalog.Generator;

/// <summary>
/// Compiles catalog/*.yaml (AdditionalFiles) into the Refit interface of the REST API (with its request
/// bodies and JSON context), one MCP tool class per tool, the catalog metadata and the markdown tool reference.
/// Pipeline: parse each file → join and validate → emit one output per artifact.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class CatalogGenerator : IIncrementalGenerator
{
    public static class TrackingNames
    {
        public const string ParseFile = nameof(ParseFile);
        public const string BuildCatalog = nameof(BuildCatalog);
        public const string Diagnostics = nameof(Diagnostics);
        public const string ClientMethods = nameof(ClientMethods);
        public const string Tools = nameof(Tools);
        public const string CatalogInfo = nameof(CatalogInfo);
        public const string Markdown = nameof(Markdown);
    }

    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var files = context.AdditionalTextsProvider
            .Where(static file => IsCatalogFile(file.Path))
            .Select(static (file, cancellationToken) => CatalogFileParser.Parse(file.Path, file.GetText(cancellationToken)?.ToString() ?? string.Empty))
            .WithTrackingName(TrackingNames.ParseFile);

        var catalog = files.Collect()
            .Select(static (parsed, _) => CatalogValidator.Build(parsed))
            .WithTrackingName(TrackingNames.BuildCatalog);

        var diagnostics = catalog
            .Select(static (result, _) => result.Diagnostics)
            .WithTrackingName(TrackingNames.Diagnostics);
        context.RegisterSourceOutput(diagnostics, static (output, found) =>
        {
            foreach (var diagnostic in found)
            {
                output.ReportDiagnostic(diagnostic.ToDiagnostic());
            }
        });

        var model = catalog.Select(static (result, _) => result.Model);

        // The Refit interface, its request bodies and their JSON context go in before the compilation exists,
        // so Refit's and System.Text.Json's own generators see them and write the implementations.
        var clientMethods = model
            .Select(static (catalogModel, _) => catalogModel?.ClientMethods)
            .WithTrackingName(TrackingNames.ClientMethods);
        PreCompilationOutput.Register(context, clientMethods, "ISegnalsApiClient.g.cs", static methods => methods is { } found ? RefitInterfaceEmitter.Emit(found) : null);
        PreCompilationOutput.Register(context, clientMethods, "Requests.g.cs", static methods => methods is { } found && found.Any(method => method.BodyTypeName is not null) ? RequestBodyEmitter.Emit(found) : null);
        PreCompilationOutput.Register(context, clientMethods, "SegnalsJsonContext.g.cs", static methods => methods is { } found ? JsonContextEmitter.Emit(found) : null);

        var tools = model
            .SelectMany(static (catalogModel, _) => catalogModel?.Tools ?? EquatableArray<ToolModel>.Empty)
            .WithTrackingName(TrackingNames.Tools);
        context.RegisterSourceOutput(tools, static (output, tool) =>
            output.AddSource(ToolEmitter.HintName(tool), SourceText.From(ToolEmitter.Emit(tool), System.Text.Encoding.UTF8)));

        var catalogInfo = model
            .Select(static (catalogModel, _) => catalogModel is null
                ? null
                : new CatalogInfoInput(catalogModel.Service, catalogModel.Tools.Select(tool => new ToolIdentity(tool.Name, tool.ClassName)).ToEquatableArray()))
            .WithTrackingName(TrackingNames.CatalogInfo);
        context.RegisterSourceOutput(catalogInfo, static (output, input) =>
        {
            if (input is not null)
            {
                output.AddSource("SegnalsCatalog.g.cs", SourceText.From(CatalogInfoEmitter.Emit(input.Service, input.Tools), System.Text.Encoding.UTF8));
            }
        });

        var markdown = model
            .Select(static (catalogModel, _) => catalogModel is null ? null : MarkdownEmitter.EmitConstant(catalogModel))
            .WithTrackingName(TrackingNames.Markdown);
        context.RegisterSourceOutput(markdown, static (output, source) =>
        {
            if (source is not null)
            {
                output.AddSource("SegnalsCatalog.ToolReference.g.cs", SourceText.From(source, System.Text.Encoding.UTF8));
            }
        });
    }

    private static bool IsCatalogFile(string path) =>
        path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase);

    private sealed record CatalogInfoInput(ServiceModel Service, EquatableArray<ToolIdentity> Tools);
}
