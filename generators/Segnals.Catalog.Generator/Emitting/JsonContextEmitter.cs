using System.Linq;
using Segnals.Catalog.Generator.Model;
using static Segnals.Catalog.Generator.Emitting.RuntimeTypes;

namespace Segnals.Catalog.Generator.Emitting;

/// <summary>
/// Emits the System.Text.Json source-generated context for what the client sends: every request body type.
/// It also names the JSON element, which answers are parsed as: a catalog without request bodies (reads only)
/// still gets a context System.Text.Json can generate, since one naming no type does not compile.
/// No reflection, so it is trim and Native AOT safe.
/// </summary>
internal static class JsonContextEmitter
{
    public static string Emit(EquatableArray<ClientMethodModel> methods)
    {
        var writer = new SourceWriter().FileHeader();
        writer.Open("namespace " + GeneratedNamespace);
        writer.Line("/// <summary>JSON metadata for every request body and answer of " + ApiInterface + ", generated at build time.</summary>");
        writer.Line("[" + JsonSerialization + ".JsonSourceGenerationOptions(DefaultIgnoreCondition = " + JsonSerialization + ".JsonIgnoreCondition.WhenWritingNull)]");
        writer.Line("[" + JsonSerialization + ".JsonSerializable(typeof(" + JsonElement + "))]");
        foreach (var bodyType in methods.Select(method => method.BodyTypeName).Where(name => name is not null))
        {
            writer.Line("[" + JsonSerialization + ".JsonSerializable(typeof(global::" + RequestsNamespace + "." + bodyType + "))]");
        }

        writer.Line("internal sealed partial class " + JsonContext + " : " + JsonSerialization + ".JsonSerializerContext");
        writer.Open(string.Empty);
        writer.Close();
        writer.Close();
        return writer.ToString();
    }
}
