using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;
using Segnals.Mcp.Runtime.Json;

namespace Segnals.Mcp.Runtime.Tools;

/// <summary>Builds MCP tool results: compact JSON text plus the same object as structuredContent.</summary>
public static class ToolResults
{
    public static CallToolResult Success(JsonElement result) => Structured(result, isError: false);

    public static CallToolResult Success(JsonObject result) => Structured(JsonElements.From(result), isError: false);

    public static CallToolResult Refused(JsonObject result) => Structured(JsonElements.From(result), isError: true);

    /// <summary>One actionable sentence, flagged as a tool error so the model does not take it as success.</summary>
    public static CallToolResult Error(string message) => new()
    {
        IsError = true,
        Content = [new TextContentBlock { Text = message }],
    };

    private static CallToolResult Structured(JsonElement result, bool isError)
    {
        // structuredContent must be an object; wrap anything else.
        var structured = result.ValueKind == JsonValueKind.Object ? result : JsonElements.From(new JsonObject { ["result"] = JsonElements.ToNode(result) });
        return new CallToolResult
        {
            IsError = isError ? true : null,
            Content = [new TextContentBlock { Text = JsonElements.ToCompactText(structured) }],
            StructuredContent = structured,
        };
    }
}
