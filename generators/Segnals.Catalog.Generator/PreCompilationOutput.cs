using System;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Segnals.Catalog.Generator;

/// <summary>
/// The one place that uses Roslyn's experimental pre-compilation phase (RSEXPERIMENTAL007,
/// dotnet/roslyn#83089): source added here is part of the compilation every generator sees, which is
/// how Refit's and System.Text.Json's generators see the interface and context we emit. The phase may
/// read only non-compilation inputs (our YAML) and cannot report diagnostics, so catalog errors are
/// still reported by the normal phase. If the API changes, only this file changes.
/// </summary>
internal static class PreCompilationOutput
{
    /// <summary>Adds the source <paramref name="emit"/> returns (nothing when it returns null) before the compilation exists.</summary>
    public static void Register<T>(IncrementalGeneratorInitializationContext context, IncrementalValueProvider<T> source, string hintName, Func<T, string?> emit)
    {
#pragma warning disable RSEXPERIMENTAL007 // Experimental in Roslyn 5.9; the build requires that compiler (CAT029).
        context.RegisterPreCompilationSourceOutput(source, (output, value) =>
        {
            if (emit(value) is { } text)
            {
                output.AddSource(hintName, SourceText.From(text, Encoding.UTF8));
            }
        });
#pragma warning restore RSEXPERIMENTAL007
    }
}
