using System.Text.Json;
using ModelContextProtocol.Protocol;
using Segnals.Mcp.Server.Tests.Infrastructure;
using Segnals.Testing;
using Xunit;

namespace Segnals.Mcp.Server.Tests;

/// <summary>
/// The compact tools/list (--tools-list compact, SEGNALS_TOOLS_LIST=compact) against the default full
/// one from the same sandbox: the same tools, titles, descriptions and parameters; hints that mean the
/// same under MCP's defaults; and a server that accepts and returns exactly what it did.
/// </summary>
public sealed class ToolsListProfileTests
{
    public static TheoryData<string, string[], string[]> CompactSwitches => new()
    {
        { "--tools-list compact", ["--tools-list", "compact"], [] },
        { "SEGNALS_TOOLS_LIST=compact", [], ["SEGNALS_TOOLS_LIST=compact"] },
        { "--tools-list=compact over SEGNALS_TOOLS_LIST=full", ["--tools-list=compact"], ["SEGNALS_TOOLS_LIST=full"] },
    };

    [Theory]
    [MemberData(nameof(CompactSwitches))]
    public async Task The_compact_listing_states_the_same_tools_in_fewer_bytes(string name, string[] arguments, string[] environment)
    {
        await using var sandbox = await SandboxBackend.StartAsync();
        await using var full = await ServerSession.StartAsync(sandbox.Environment());
        await using var compact = await ServerSession.StartAsync(sandbox.Environment(null, Assignments.Parse(environment)), arguments);

        var fullTools = (await full.ListToolsAsync()).ToDictionary(tool => tool.Name);
        var compactTools = await compact.ListToolsAsync();

        Assert.Equal(fullTools.Keys.Order(), compactTools.Select(tool => tool.Name).Order());
        foreach (var tool in compactTools)
        {
            var reference = fullTools[tool.Name];
            Assert.Equal(reference.Title, tool.Title);
            Assert.Equal(reference.Description, tool.Description);

            // Only the top-level additionalProperties goes; every parameter and its constraints stay.
            Assert.True(reference.InputSchema.TryGetProperty("additionalProperties", out var closed) && closed.ValueKind == JsonValueKind.False, $"{name}: full {tool.Name} is not closed");
            Assert.False(tool.InputSchema.TryGetProperty("additionalProperties", out _), $"{name}: compact {tool.Name} still closed");
            Assert.True(JsonElement.DeepEquals(WithoutAdditionalProperties(reference.InputSchema), tool.InputSchema), $"{name}: {tool.Name} input schema differs beyond additionalProperties");
            Assert.Null(tool.OutputSchema);

            var hints = Assert.IsType<ToolAnnotations>(tool.Annotations);
            var stated = Assert.IsType<ToolAnnotations>(reference.Annotations);
            Assert.Equal(Effective(stated), Effective(hints));
            if (stated.ReadOnlyHint != true)
            {
                // A client that tests destructiveHint for truth must still see every destructive tool.
                Assert.Equal(stated.DestructiveHint, hints.DestructiveHint);
            }
        }

        // What compact leaves out, full carries: an output schema on every read tool.
        Assert.All(ExpectedTools.ReadNames, read => Assert.True(fullTools[read].OutputSchema is not null, $"{name}: full {read} has no output schema"));
        Assert.True(Serialized(compactTools) < Serialized(fullTools.Values) * 3 / 4, $"{name}: compact {Serialized(compactTools)} bytes, full {Serialized(fullTools.Values)}");
    }

    [Fact]
    public async Task A_compact_server_still_refuses_an_unknown_argument_by_name_and_returns_structured_results()
    {
        await using var backend = await ScriptedBackend.StartAsync((request, context, _) =>
            request.Path == "/bots/dashboard"
                ? ScriptedBackend.JsonAsync(context, 200, """{"total_pnl":12.5,"win_rate":0.6,"active_bots":1,"total_bots":2,"total_trades":9}""")
                : Task.FromResult(false));
        await using var session = await ServerSession.StartAsync(backend.Environment(("SEGNALS_TOOLS_LIST", "compact")));

        var refused = await session.CallAsync("segnals_list_bots", new { status = "running", owner = "someone" });
        var dashboard = await session.CallAsync("segnals_get_dashboard");

        Assert.Contains("'owner' is not a parameter of this tool", refused.Error);
        Assert.Empty(backend.Seen("GET", "/bots/"));
        Assert.Single(backend.Seen("GET", "/bots/dashboard"));
        Assert.False(dashboard.IsError, dashboard.Text);
        Assert.Equal(12.5, dashboard.Data.GetProperty("total_pnl").GetDouble());
        Assert.Equal(9, dashboard.Data.GetProperty("total_trades").GetInt32());
    }

    [Fact]
    public async Task An_unknown_profile_on_the_command_line_stops_the_server_with_exit_code_2()
    {
        await using var process = ServerProcess.Start(["--tools-list", "tiny"], new Dictionary<string, string?> { ["SEGNALS_API_KEY"] = Canary.NewKey() });

        Assert.Equal(2, await process.WaitForExitAsync());
        Assert.Contains("--tools-list takes full (the default) or compact", process.StderrText);
        Assert.Equal(string.Empty, process.StdoutText);
    }

    [Fact]
    public async Task A_bad_setting_is_reported_in_sandbox_mode_too_instead_of_being_ignored()
    {
        var directory = Directory.CreateTempSubdirectory("segnals-sandbox-settings-");
        try
        {
            await using var process = ServerProcess.Start(["--sandbox"], new Dictionary<string, string?>
            {
                ["SEGNALS_SANDBOX_DB"] = Path.Combine(directory.FullName, "sandbox.db"),
                ["SEGNALS_TOOLS_LIST"] = "tiny",
                ["SEGNALS_TIMEOUT_MS"] = "soon",
            });

            Assert.Equal(1, await process.WaitForExitAsync());
            Assert.Contains("SEGNALS_TOOLS_LIST must be full", process.StderrText);
            Assert.Contains("SEGNALS_TIMEOUT_MS must be a whole number", process.StderrText);
            Assert.Equal(string.Empty, process.StdoutText);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    /// <summary>The four hints as a client must read them: MCP's default for a missing one, and
    /// destructive/idempotent ignored on read-only tools, as the specification says.</summary>
    private static (bool ReadOnly, bool? Destructive, bool? Idempotent, bool OpenWorld) Effective(ToolAnnotations hints)
    {
        var readOnly = hints.ReadOnlyHint ?? false;
        return (readOnly, readOnly ? null : hints.DestructiveHint ?? true, readOnly ? null : hints.IdempotentHint ?? false, hints.OpenWorldHint ?? true);
    }

    private static JsonElement WithoutAdditionalProperties(JsonElement schema)
    {
        var copy = System.Text.Json.Nodes.JsonNode.Parse(schema.GetRawText())!.AsObject();
        copy.Remove("additionalProperties");
        return JsonDocument.Parse(copy.ToJsonString()).RootElement.Clone();
    }

    private static int Serialized(IEnumerable<Tool> tools) => JsonSerializer.SerializeToUtf8Bytes(tools.ToList(), ModelContextProtocol.McpJsonUtilities.DefaultOptions).Length;
}
