using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;
using Segnals.Mcp.Runtime.Tools;

namespace Segnals.Mcp.Runtime.Tests.Tools;

/// <summary>What the model reads: compact JSON text equal to structuredContent, without escapes it would have to decode.</summary>
public sealed class ToolResultsTests
{
    [Fact]
    public void An_api_answer_is_compacted_and_unescaped_whatever_whitespace_and_escaping_it_arrived_with()
    {
        using var api = JsonDocument.Parse("""
            {
              "name": "Trend \u0022Rider\u0022 \u2014 BTC",
              "notes": ["caf\u00e9", "<5% & >2x"]
            }
            """);

        var result = ToolResults.Success(api.RootElement.Clone());

        Assert.Equal("""{"name":"Trend \"Rider\" — BTC","notes":["café","<5% & >2x"]}""", Text(result));
        Assert.True(JsonElement.DeepEquals(api.RootElement, result.StructuredContent!.Value));
    }

    [Fact]
    public void A_result_built_by_the_server_reads_plainly_too()
    {
        var result = ToolResults.Success(new JsonObject { ["preview"] = "Update bot 1 \"BTC Trend Rider\" — leverage 25x" });

        Assert.Equal("""{"preview":"Update bot 1 \"BTC Trend Rider\" — leverage 25x"}""", Text(result));
        Assert.Equal("Update bot 1 \"BTC Trend Rider\" — leverage 25x", result.StructuredContent!.Value.GetProperty("preview").GetString());
    }

    [Fact]
    public void A_non_object_answer_is_wrapped_so_structured_content_stays_an_object()
    {
        using var api = JsonDocument.Parse("[1, 2]");

        var result = ToolResults.Success(api.RootElement.Clone());

        Assert.Equal("""{"result":[1,2]}""", Text(result));
    }

    private static string Text(CallToolResult result) => Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text;
}
