using System.Text;
using ModelContextProtocol.Protocol;

namespace Segnals.Mcp.Runtime.Tools;

/// <summary>
/// Who this server says it is (serverInfo): name, title, version and the icon a client shows beside it.
/// The icon travels inside the message as a data: URI, so showing it never makes a client fetch anything.
/// </summary>
public static class ServerIdentity
{
    /// <summary>
    /// A rising chart line ending in a signal dot on a dark tile: legible from 16 px up, on light and dark
    /// backgrounds alike. Plain shapes only (no script, no links, no external references), so it passes
    /// the sanitising clients apply to SVG; 289 bytes, since 2026-07-28 clients get serverInfo with every result.
    /// </summary>
    internal const string IconSvg =
        """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" rx="14" fill="#0b1f33"/><path d="M12 44l11-12 8 7 15-17" fill="none" stroke="#2ee59d" stroke-width="6" stroke-linecap="round" stroke-linejoin="round"/><circle cx="49" cy="19" r="6" fill="#fff"/></svg>""";

    /// <param name="version">The catalog's version, which is the server's.</param>
    public static Implementation Create(string version) => new()
    {
        Name = "segnals-mcp",
        Title = "Segnals",
        Version = version,
        Icons =
        [
            new Icon
            {
                Source = "data:image/svg+xml;base64," + Convert.ToBase64String(Encoding.UTF8.GetBytes(IconSvg)),
                MimeType = "image/svg+xml",
                Sizes = ["any"],
            },
        ],
    };
}
