namespace Segnals.Catalog.Generator.Emitting;

/// <summary>Catalog text inside generated XML doc comments.</summary>
internal static class XmlDoc
{
    public static string Text(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
}
