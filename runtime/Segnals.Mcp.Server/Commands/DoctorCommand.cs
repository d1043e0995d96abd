using System.Text.Json;
using Segnals.Mcp.Runtime.Configuration;
using Segnals.Mcp.Runtime.Http;
using Segnals.Mcp.Runtime.Tools;
using Segnals.Mcp.Server.Hosting;

namespace Segnals.Mcp.Server.Commands;

/// <summary>Checks the key and the API, then says who the key belongs to, its scopes and which tools it can use.</summary>
internal static class DoctorCommand
{
    public static async Task<int> RunAsync(ServerComposition composition, TextWriter stdout, CancellationToken cancellationToken)
    {
        var settings = composition.Settings;
        await stdout.WriteLineAsync($"Key format     ok ({ApiKeyFormat.Redact(settings.ApiKey)})");
        await stdout.WriteLineAsync($"API base       {settings.ApiBase}");
        try
        {
            var me = await ApiExchange.SendAsync(composition.Client.Client, composition.Client.WhoamiAsync(composition.Caller), cancellationToken);
            var key = await composition.Caller.Scopes.GetAsync(cancellationToken);
            await stdout.WriteLineAsync($"API reachable  ok");
            await stdout.WriteLineAsync($"Account        {Text(me, "username")} (tier {Text(me, "tier")})");
            if (key is null)
            {
                await stdout.WriteLineAsync("Scopes         unknown (the API did not say); all tools are listed and the API's 403 decides.");
            }
            else
            {
                await stdout.WriteLineAsync($"Key            {Text(key.Raw, "label")}, scopes: {string.Join(", ", key.Scopes.Order(StringComparer.Ordinal))}");
            }

            var tools = composition.Endpoint.Tools;
            var usable = tools.Where(tool => KeyScopes.Allows(key, tool.Descriptor.Scope)).ToList();
            await stdout.WriteLineAsync($"Tools          {usable.Count} of {tools.Count} exposed tools usable with this key:");
            foreach (var tool in tools)
            {
                var allowed = KeyScopes.Allows(key, tool.Descriptor.Scope);
                await stdout.WriteLineAsync($"  {(allowed ? "✓" : "✗")} {tool.Descriptor.Name,-34} {tool.Descriptor.Scope ?? "any",-22}{(allowed ? string.Empty : " (scope missing)")}");
            }

            return 0;
        }
        catch (ApiCallException exception)
        {
            await stdout.WriteLineAsync("API check      FAILED: " + exception.Message);
            return 1;
        }
    }

    private static string Text(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : "?";
}
