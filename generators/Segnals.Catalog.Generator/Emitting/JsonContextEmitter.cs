using System.Linq;
using Segnals.Catalog.Generator.Model;
using static Segnals.Catalog.Generator.Emitting.RuntimeTypes;

namespace Segnals.Catalog.Generator.Emitting;

/// <summary>
/// Emits the System.Text.Json source-generated context for what the client sends and reads: every request
/// body type, and the JSON element every method returns. No reflection, so it is trim and Native AOT safe.
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
