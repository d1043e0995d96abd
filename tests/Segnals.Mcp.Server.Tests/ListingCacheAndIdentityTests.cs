using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using ModelContextProtocol.Protocol;
using Segnals.Mcp.Server.Tests.Infrastructure;
using Segnals.Testing;
using Xunit;

namespace Segnals.Mcp.Server.Tests;

/// <summary>
/// What MCP 2026-07-28 lets a desktop server tell its client, checked through the SDK's own client:
/// a tools/list order that never changes, caching hints that keep one key's list to that key, and an
/// icon that arrives inside the message.
/// </summary>
public sealed class ListingCacheAndIdentityTests
{
    private const string LatestRevision = "2026-07-28";

    /// <summary>The newest revision that still shakes hands with initialize, and has no caching fields.</summary>
    private const string HandshakeRevision = "2025-11-25";

    [Fact]
    public async Task Tools_come_in_catalog_order_on_every_list_in_every_process_and_for_every_key()
    {
        await using var sandbox = await SandboxBackend.StartAsync();
        var readOnlyKey = await sandbox.CreateDemoKeyAsync(SandboxBackend.ReadScopes);
        await using var first = await ServerSession.StartAsync(sandbox.Environment());
        await using var compact = await ServerSession.StartAsync(sandbox.Environment(null, ("SEGNALS_TOOLS_LIST", "compact")));
        await using var readOnly = await ServerSession.StartAsync(sandbox.Environment(readOnlyKey));

        // The reference table's order, group by group: an independent oracle for the catalog's order.
        var catalogOrder = ExpectedTools.All.Select(tool => tool.Name).ToList();
        Assert.Equal(catalogOrder, await first.ToolNamesAsync());
        Assert.Equal(catalogOrder, await first.ToolNamesAsync());
        Assert.Equal(catalogOrder, await compact.ToolNamesAsync());
        Assert.Equal(
            ExpectedTools.All.Where(tool => tool.Scope is null || SandboxBackend.ReadScopes.Contains(tool.Scope)).Select(tool => tool.Name),
            await readOnly.ToolNamesAsync());
    }

    [Fact]
    public async Task A_current_client_may_keep_the_list_for_an_hour_but_only_for_this_key()
    {
        await using var sandbox = await SandboxBackend.StartAsync();
        await using var session = await ServerSession.StartAsync(sandbox.Environment());

        var listed = await session.Client.ListToolsAsync(new ListToolsRequestParams());

        Assert.Equal(LatestRevision, session.Client.NegotiatedProtocolVersion);
        Assert.Equal(ExpectedTools.All.Count, listed.Tools.Count);
        Assert.Equal(TimeSpan.FromHours(1), listed.TimeToLive);
        Assert.Equal(CacheScope.Private, listed.CacheScope);
    }

    [Fact]
    public async Task While_the_keys_scopes_are_unknown_the_list_is_stale_at_once()
    {
        // GET /keys/self cannot say: every tool is listed for now, and the list shrinks once the scopes are learnt.
        await using var backend = await ScriptedBackend.StartAsync(async (request, context, _) =>
            request.Path == "/keys/self" && await ScriptedBackend.JsonAsync(context, 404, """{"message":"Not found"}"""));
        await using var session = await ServerSession.StartAsync(backend.Environment());

        var listed = await session.Client.ListToolsAsync(new ListToolsRequestParams());

        Assert.Equal(ExpectedTools.All.Count, listed.Tools.Count);
        Assert.Equal(TimeSpan.Zero, listed.TimeToLive);
        Assert.Equal(CacheScope.Private, listed.CacheScope);
    }

    [Fact]
    public async Task A_client_on_an_older_revision_gets_no_caching_fields_it_may_not_know()
    {
        await using var sandbox = await SandboxBackend.StartAsync();
        await using var session = await ServerSession.StartAsync(sandbox.Environment(), configure: options => options.ProtocolVersion = HandshakeRevision);

        var listed = await session.Client.ListToolsAsync(new ListToolsRequestParams());

        Assert.Equal(HandshakeRevision, session.Client.NegotiatedProtocolVersion);
        Assert.Equal(ExpectedTools.All.Count, listed.Tools.Count);
        Assert.Null(listed.TimeToLive);
        Assert.Null(listed.CacheScope);
        var listLine = session.Process.StdoutText.Split('\n').Single(line => line.Contains("\"tools\":[", StringComparison.Ordinal));
        Assert.DoesNotContain("ttlMs", listLine);
        Assert.DoesNotContain("cacheScope", listLine);
    }

    [Theory]
    [InlineData(LatestRevision)]
    [InlineData(HandshakeRevision)]
    public async Task The_server_shows_a_small_safe_icon_that_needs_no_fetch(string revision)
    {
        await using var sandbox = await SandboxBackend.StartAsync();
        await using var session = await ServerSession.StartAsync(sandbox.Environment(), configure: options => options.ProtocolVersion = revision);

        var server = Assert.IsType<Implementation>(session.Client.ServerInfo);
        var icon = Assert.Single(server.Icons ?? []);
        Assert.Equal("Segnals", server.Title);
        Assert.Equal("image/svg+xml", icon.MimeType);
        Assert.Equal(["any"], icon.Sizes);
        AssertSafeSvg(icon.Source);
    }

    /// <summary>An SVG a careful client renders: a data: URI under 1 KB, plain shapes, nothing that runs or loads.</summary>
    internal static void AssertSafeSvg(string source)
    {
        const string Prefix = "data:image/svg+xml;base64,";
        Assert.StartsWith(Prefix, source, StringComparison.Ordinal);
        var bytes = Convert.FromBase64String(source[Prefix.Length..]);
        Assert.InRange(bytes.Length, 100, 1024);

        XNamespace svg = "http://www.w3.org/2000/svg";
        var document = XDocument.Parse(Encoding.UTF8.GetString(bytes));
        Assert.Equal(svg + "svg", document.Root!.Name);
        Assert.NotNull(document.Root.Attribute("viewBox"));
        Assert.All(document.Root.DescendantsAndSelf(), element =>
        {
            Assert.Contains(element.Name.LocalName, new[] { "svg", "rect", "path", "circle" });
            Assert.Equal(svg, element.Name.Namespace);
            Assert.All(element.Attributes(), attribute =>
            {
                Assert.DoesNotContain("href", attribute.Name.LocalName, StringComparison.OrdinalIgnoreCase);
                Assert.False(attribute.Name.LocalName.StartsWith("on", StringComparison.OrdinalIgnoreCase), $"event handler {attribute.Name}");
                Assert.DoesNotContain("url(", attribute.Value, StringComparison.OrdinalIgnoreCase);
            });
        });
    }
}
