using System.Text.Json;
using Segnals.Mcp.Server.Tests.Infrastructure;
using Segnals.Testing;
using Xunit;

namespace Segnals.Mcp.Server.Tests;

/// <summary>
/// Every rule the catalog states is enforced by the server, not only documented: a call that breaks one
/// is refused with a sentence naming the argument before anything is sent (not even a preview's
/// look-up), and the listing states each rule so clients that validate before sending can.
/// </summary>
public sealed class CatalogRuleEnforcementTests
{
    [Fact]
    public async Task Update_bot_with_neither_name_nor_config_is_refused_before_anything_is_sent()
    {
        await using var backend = await ScriptedBackend.StartAsync((_, _, _) => Task.FromResult(false));
        await using var session = await ServerSession.StartAsync(backend.Environment(("SEGNALS_CONFIRMATION", "token")));

        var outcome = await session.CallAsync("segnals_update_bot", new { bot_id = 1 });

        Assert.Equal("Invalid arguments: Give at least one of 'name' or 'config'. Nothing was sent.", outcome.Error);
        Assert.Empty(backend.ApiCalls);
    }

    public static TheoryData<string, string> BrokenPreferences => new()
    {
        { """{"daily_report":{"hour_utc":25}}""", "'preferences.daily_report.hour_utc' must be from 0 to 23; got 25." },
        { """{"daily_report":{"hour_utc":"8"}}""", "'preferences.daily_report.hour_utc' must be a whole number from 0 to 23, not the text \"8\"." },
        { """{"weekly_summary":{"day":"someday"}}""", "'preferences.weekly_summary.day' must be one of monday, tuesday, wednesday, thursday, friday, saturday, sunday; got \"someday\"." },
        { """{"performance_alerts":{"threshold_pnl_usd":-5}}""", "'preferences.performance_alerts.threshold_pnl_usd' must be from 0 to 1000000; got -5." },
        { """{"system_reminders":"yes"}""", "'preferences.system_reminders' must be true or false, not the text \"yes\"." },
        { """{"daily_report":{"enabled":true,"at":"noon"}}""", "'preferences.daily_report' may only have the keys enabled, hour_utc; unknown: at." },
        { """{"custom_alerts":[{"symbol":"BTCUSDT","condition":"price_above"}]}""", "'preferences.custom_alerts[0].value' is required." },
        { """{"custom_alerts":[{"symbol":"btc usdt","condition":"price_above","value":1}]}""", "'preferences.custom_alerts[0].symbol' must match ^[A-Z0-9]{3,20}$; got \"btc usdt\"." },
    };

    [Theory]
    [MemberData(nameof(BrokenPreferences))]
    public async Task Notification_preferences_that_break_a_nested_rule_are_refused_naming_the_field(string preferences, string problem)
    {
        await using var backend = await ScriptedBackend.StartAsync((_, _, _) => Task.FromResult(false));
        await using var session = await ServerSession.StartAsync(backend.Environment());

        var outcome = await session.CallAsync("segnals_set_notifications", new { preferences = JsonDocument.Parse(preferences).RootElement });

        Assert.Equal($"Invalid arguments: {problem} Nothing was sent.", outcome.Error);
        Assert.Empty(backend.ApiCalls);
    }

    [Fact]
    public async Task Valid_nested_preferences_are_sent_as_given()
    {
        const string preferences = """{"daily_report":{"enabled":true,"hour_utc":8},"custom_alerts":[{"symbol":"BTCUSDT","condition":"price_above","value":70000}]}""";
        await using var backend = await ScriptedBackend.StartAsync(async (request, context, _) =>
            request is { Method: "POST", Path: "/user/notification-preferences" } && await ScriptedBackend.JsonAsync(context, 200, """{"msg":"saved","preferences":{}}"""));
        await using var session = await ServerSession.StartAsync(backend.Environment());

        var outcome = await session.CallAsync("segnals_set_notifications", new { preferences = JsonDocument.Parse(preferences).RootElement });

        Assert.False(outcome.IsError, outcome.Text);
        var sent = JsonDocument.Parse(Assert.Single(backend.ApiCalls).Body).RootElement.GetProperty("preferences");
        Assert.Equal(8, sent.GetProperty("daily_report").GetProperty("hour_utc").GetInt32());
        Assert.Equal(70000, sent.GetProperty("custom_alerts")[0].GetProperty("value").GetInt32());
    }

    [Fact]
    public async Task Every_property_of_every_listed_input_schema_states_its_type_at_every_depth()
    {
        await using var backend = await ScriptedBackend.StartAsync((_, _, _) => Task.FromResult(false));
        await using var session = await ServerSession.StartAsync(backend.Environment());

        var untyped = new List<string>();
        foreach (var tool in await session.ListToolsAsync())
        {
            CollectUntyped(tool.InputSchema, tool.Name, untyped);
        }

        Assert.Empty(untyped);
    }

    /// <summary>A property without "type" is what schema linters (MCP Inspector --strict) warn about.</summary>
    private static void CollectUntyped(JsonElement schema, string path, List<string> untyped)
    {
        if (schema.TryGetProperty("properties", out var properties))
        {
            foreach (var property in properties.EnumerateObject())
            {
                var propertyPath = path + "." + property.Name;
                if (!property.Value.TryGetProperty("type", out _))
                {
                    untyped.Add(propertyPath);
                }

                CollectUntyped(property.Value, propertyPath, untyped);
            }
        }

        if (schema.TryGetProperty("items", out var items))
        {
            if (!items.TryGetProperty("type", out _))
            {
                untyped.Add(path + "[]");
            }

            CollectUntyped(items, path + "[]", untyped);
        }
    }
}
