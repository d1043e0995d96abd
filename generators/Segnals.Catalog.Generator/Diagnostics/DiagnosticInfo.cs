using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using Segnals.Catalog.Generator.Model;

namespace Segnals.Catalog.Generator.Diagnostics;

/// <summary>
/// A diagnostic as plain data (descriptor id, message arguments, YAML span), so that it can live in
/// cached incremental models. The Roslyn Diagnostic is built only when it is reported.
/// </summary>
internal sealed record DiagnosticInfo(string Id, SourceSpan Span, EquatableArray<string> MessageArguments)
{
    public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, SourceSpan span, params string[] messageArguments) =>
        new(descriptor.Id, span, new EquatableArray<string>(messageArguments));

    public Diagnostic ToDiagnostic()
    {
        var descriptor = CatalogDiagnostics.ById(Id);
        var location = Location.Create(
            Span.Path,
            new TextSpan(Span.Start, Span.Length),
            new LinePositionSpan(new LinePosition(Span.StartLine, Span.StartColumn), new LinePosition(Span.EndLine, Span.EndColumn)));
        return Diagnostic.Create(descriptor, location, MessageArguments.Select(argument => (object)argument).ToArray());
    }
}
