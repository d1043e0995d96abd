using System.Reflection;
using System.Runtime.Loader;
using System.Text.Json;
using Microsoft.CodeAnalysis;
using Segnals.Catalog.Generator.Tests.Infrastructure;
using Segnals.Testing;
using Segnals.Mcp.Runtime.Catalog;
using Segnals.Mcp.Runtime.Http;
using Segnals.Mcp.Runtime.Tools;
using Xunit;

namespace Segnals.Catalog.Generator.Tests;

/// <summary>
/// Adding a tool is a data change: one new YAML file, no C#, and the tool is listed over MCP and
/// callable end to end against a loopback HTTP server.
/// </summary>
public sealed class AddingAToolTests
{
    private const string NewToolYaml = """
        # A maintainer's pull request: only this file is new.
        group: market
        tools:
          - name: segnals_get_api_status
            title: API status
            summary: Whether the Segnals API is up, and its version.
            kind: read
            scope: read:news
            endpoint: { method: GET, path: /status }
            parameters:
              - name: verbose
                type: boolean
                description: Include component details.
            output_schema:
              type: object
              properties: { up: { type: boolean } }
              required: [up]
        """;

    [Fact]
    public async Task NewYamlToolIsListedAndCallableEndToEnd()
    {
        var files = GeneratorHarness.RealCatalog().Append(new InMemoryAdditionalText(Path.Combine(RepositoryPaths.Catalog, "tools", "status.yaml"), NewToolYaml));
        var run = GeneratorHarness.Run(files);
        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.CompileErrors);

        var context = new AssemblyLoadContext("catalog-with-new-tool", isCollectible: true);
        try
        {
            var assembly = Load(run.Output, context);
            var catalogType = assembly.GetType("Segnals.Mcp.Generated.SegnalsCatalog", throwOnError: true)!;
            var info = (CatalogInfo)catalogType.GetProperty("Info")!.GetValue(null)!;
            Assert.Equal(37, info.Tools.Count);

            await using var recorder = await ScriptedBackend.StartAsync(static (request, context, _) =>
                ScriptedBackend.JsonAsync(context, 200, request.Path == "/status" ? """{"up":true,"version":"9.1"}""" : "{}"));
            using var http = CatalogHost.Http(recorder.BaseAddress);
            var client = catalogType.GetMethod("CreateClient")!.Invoke(null, [http])!;
            var tools = (IReadOnlyList<CatalogTool>)catalogType.GetMethod("CreateTools")!.Invoke(null, [CatalogHost.Runtime(info), client])!;
            await using var mcp = await CatalogHost.ServeAsync(tools, recorder.Key);

            var listed = await mcp.Client.ListToolsAsync();
            var status = Assert.Single(listed, tool => tool.Name == "segnals_get_api_status");
            Assert.Equal("API status", status.ProtocolTool.Title);
            Assert.True(status.ProtocolTool.Annotations!.ReadOnlyHint);
            Assert.Equal(37, listed.Count);

            var result = await mcp.CallAsync("segnals_get_api_status", """{"verbose":true}""");
            Assert.True(result.IsError is not true);
            Assert.True(result.StructuredContent!.Value.GetProperty("up").GetBoolean());
            var request = Assert.Single(recorder.Requests);
            Assert.Equal(("GET", "/status", "?verbose=true"), (request.Method, request.Path, request.Query));

            var refused = await mcp.CallAsync("segnals_get_api_status", """{"verbose":"very"}""");
            Assert.True(refused.IsError);
            Assert.Contains("'verbose' must be true or false", ((ModelContextProtocol.Protocol.TextContentBlock)refused.Content[0]).Text, StringComparison.Ordinal);
            Assert.Single(recorder.Requests);
        }
        finally
        {
            context.Unload();
        }
    }

    private static Assembly Load(Compilation compilation, AssemblyLoadContext context)
    {
        using var image = new MemoryStream();
        var emitted = compilation.Emit(image);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        image.Position = 0;
        return context.LoadFromStream(image);
    }
}
