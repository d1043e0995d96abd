using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;
using Segnals.Mcp.Generated;
using Segnals.Mcp.Runtime.Callers;
using Segnals.Mcp.Runtime.Catalog;
using Segnals.Mcp.Runtime.Configuration;
using Segnals.Mcp.Runtime.Http;
using Segnals.Mcp.Runtime.Tools;
using Segnals.Sandbox.Tests.Infrastructure;
using Segnals.Testing;
using Xunit;

namespace Segnals.Sandbox.Tests;

/// <summary>
/// Walks the generated catalog: every tool that calls the API is called, through MCP and the real
/// HTTP pipeline, against a fresh sandbox with the catalog's own example arguments (ids swapped for
/// the demo account's). The sandbox must serve each method and path, and each result must match the
/// tool's declared output schema.
/// </summary>
public sealed class CatalogContractTests
{
    public static TheoryData<string> ApiTools()
    {
        var data = new TheoryData<string>();
        foreach (var tool in SegnalsCatalog.Info.Tools.Where(tool => tool.Method is not null))
        {
            data.Add(tool.Name);
        }

        return data;
    }

    [Fact]
    public void EveryApiToolHasAnExample() =>
        Assert.All(SegnalsCatalog.Info.Tools.Where(tool => tool.Method is not null), tool => Assert.NotNull(tool.ExampleJson));

    [Theory]
    [MemberData(nameof(ApiTools))]
    public async Task SandboxServesTheToolWithItsDeclaredShape(string name)
    {
        var tool = SegnalsCatalog.Info.Tools.Single(candidate => candidate.Name == name);
        await using var sandbox = await TestSandbox.StartAsync();
        var demo = await sandbox.Host.EnsureDemoAccountAsync();
        using var http = ApiHttpClient.Create(new ApiClientOptions
        {
            BaseAddress = sandbox.Host.BaseAddress,
            MaxRetries = 0,
            RateLimitPerMinute = 100_000,
        });
        var client = SegnalsCatalog.CreateClient(http);
        var caller = new ApiCallers(loadKeyInfo: null).Local(demo.ApiKey);
        var runtime = new ToolRuntime(SegnalsCatalog.Info, new ToolRuntimeOptions { Confirmation = ConfirmationMode.Flag });
        await using var mcp = await InProcessMcp.StartAsync(new ToolEndpoint(SegnalsCatalog.CreateTools(runtime, client), listLifetime: TimeSpan.Zero).HandlersFor(caller));

        var arguments = await ArgumentsForAsync(tool, client, caller);
        var result = await mcp.CallAsync(name, arguments.ToJsonString());

        Assert.True(result.IsError is not true, $"{name} {arguments.ToJsonString()}: {string.Join(" ", result.Content.OfType<TextContentBlock>().Select(block => block.Text))}");
        Assert.NotNull(result.StructuredContent);
        if (tool.OutputSchemaJson is { } schema)
        {
            using var declared = JsonDocument.Parse(schema);
            var problems = OutputSchemaValidator.Problems(declared.RootElement, result.StructuredContent!.Value);
            Assert.True(problems.Count == 0, $"{name}: {string.Join("; ", problems)}");
        }
    }

    /// <summary>The catalog example, with ids that exist for the demo account (and confirm for ✋ tools).</summary>
    private static async Task<JsonObject> ArgumentsForAsync(ToolDescriptor tool, ISegnalsApiClient client, ApiCaller caller)
    {
        var arguments = JsonNode.Parse(tool.ExampleJson ?? "{}")!.AsObject();
        var wantedStatus = tool.Name is "segnals_restart_bot" or "segnals_stop_bot" ? "running" : "stopped";
        var bots = (await ApiExchange.SendAsync(client.Client, client.ListBotsAsync(caller, wantedStatus), default)).GetProperty("bots");
        var botId = bots.EnumerateArray().First(bot => bot.GetProperty("exchange").GetString() != "phemex").GetProperty("id").GetInt64();
        foreach (var key in new[] { "bot_id", "source_bot_id" }.Where(arguments.ContainsKey))
        {
            arguments[key] = botId;
        }

        if (arguments.ContainsKey("listing_id"))
        {
            var listing = (await ApiExchange.SendAsync(client.Client, client.BrowseMarketplaceAsync(caller), default)).GetProperty("listings")[0].GetProperty("id");
            arguments["listing_id"] = listing.ValueKind == JsonValueKind.Number ? listing.GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture) : listing.GetString();
        }

        if (tool.Name == "segnals_control_copy_trading")
        {
            // The seeded demo account already copy-trades on Bybit, so starting it again is a 409.
            arguments["action"] = "stop";
        }

        if (tool.RequiresConfirmation)
        {
            arguments["confirm"] = true;
        }

        return arguments;
    }
}
