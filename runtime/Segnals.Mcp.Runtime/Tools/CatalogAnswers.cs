using System.Text.Json;
using System.Text.Json.Nodes;
using Segnals.Mcp.Runtime.Json;

namespace Segnals.Mcp.Runtime.Tools;

/// <summary>Answers for tools that need no API call: the capabilities list and catalog texts.</summary>
internal static class CatalogAnswers
{
    public const string Capabilities = "capabilities";

    public static async Task<JsonElement> AnswerAsync(ToolRuntime runtime, ToolCallContext call, string answer, CancellationToken cancellationToken)
    {
        if (answer == Capabilities)
        {
            return await CapabilitiesAsync(runtime, call, cancellationToken).ConfigureAwait(false);
        }

        var text = runtime.Catalog.FindText(answer) ?? throw new InvalidOperationException($"The catalog has no text '{answer}'.");
        return JsonElements.From(new JsonObject { ["name"] = text.Name, ["version"] = text.Version, ["text"] = text.Text });
    }

    private static async Task<JsonElement> CapabilitiesAsync(ToolRuntime runtime, ToolCallContext call, CancellationToken cancellationToken)
    {
        var key = await call.Caller.Scopes.GetAsync(cancellationToken).ConfigureAwait(false);
        var catalog = runtime.Catalog;
        var tools = new JsonArray();
        foreach (var tool in catalog.Tools)
        {
            var exposed = call.Endpoint.ExposedNames.Contains(tool.Name);
            var allowed = KeyScopes.Allows(key, tool.Scope);
            JsonNode entry = new JsonObject
            {
                ["name"] = tool.Name,
                ["kind"] = tool.Kind.ToString().ToLowerInvariant(),
                ["scope"] = tool.Scope ?? "any",
                ["confirm"] = tool.RequiresConfirmation,
                ["available"] = exposed && allowed,
            };
            if (!exposed)
            {
                entry["reason"] = "turned off by the server operator";
            }
            else if (!allowed)
            {
                entry["reason"] = $"the key lacks the {tool.Scope} scope";
            }

            tools.Add(entry);
        }

        return JsonElements.From(new JsonObject
        {
            ["service"] = catalog.ServiceTitle,
            ["catalog_version"] = catalog.Version,
            ["key_scopes"] = key is null ? null : new JsonArray(key.Scopes.Order(StringComparer.Ordinal).Select(scope => (JsonNode?)scope).ToArray()),
            ["scopes_known"] = key is not null,
            ["toolsets"] = new JsonArray(catalog.Groups.Select(group => (JsonNode?)group.Name).ToArray()),
            ["tools"] = tools,
        });
    }
}
