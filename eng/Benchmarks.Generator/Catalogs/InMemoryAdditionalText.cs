using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Segnals.Benchmarks.Generator.Catalogs;

/// <summary>An AdditionalFiles item held in memory, as the compiler hands catalog YAML to the generator.</summary>
internal sealed class InMemoryAdditionalText(string path, string text) : AdditionalText
{
    private readonly SourceText _text = SourceText.From(text);

    public override string Path { get; } = path;

    public string Text { get; } = text;

    public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
}
