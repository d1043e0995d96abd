using ModelContextProtocol;
using Segnals.Mcp.Server.Tests.Infrastructure;
using Segnals.Testing;
using Xunit;

namespace Segnals.Mcp.Server.Tests;

/// <summary>
/// Operator ceilings (--read-only, --toolsets, --tools, --exclude-tools and their SEGNALS_* variables)
/// only ever narrow what is exposed; an unknown name stops the server with exit code 2.
/// </summary>
public sealed class CeilingTests
{
    private static readonly string[] AllTools = ExpectedTools.Names.ToArray();

    public static TheoryData<string, string[], string[], string[]> Ceilings => new()
    {
        { "--read-only", ["--read-only"], [], ExpectedTools.ReadNames.ToArray() },
        { "SEGNALS_READ_ONLY", [], ["SEGNALS_READ_ONLY=true"], ExpectedTools.ReadNames.ToArray() },
        { "--toolsets", ["--toolsets", "bots,market"], [], ExpectedTools.InGroups("bots", "market").ToArray() },
        { "SEGNALS_TOOLSETS", [], ["SEGNALS_TOOLSETS=bots,market"], ExpectedTools.InGroups("bots", "market").ToArray() },
        { "--tools", ["--tools=segnals_whoami,segnals_delete_bot"], [], ["segnals_whoami", "segnals_delete_bot"] },
        { "SEGNALS_TOOLS", [], ["SEGNALS_TOOLS=segnals_whoami,segnals_delete_bot"], ["segnals_whoami", "segnals_delete_bot"] },
        { "--exclude-tools", ["--exclude-tools", "segnals_delete_bot,segnals_copy_strategy"], [], Except("segnals_delete_bot", "segnals_copy_strategy") },
        { "SEGNALS_EXCLUDE_TOOLS", [], ["SEGNALS_EXCLUDE_TOOLS=segnals_delete_bot,segnals_copy_strategy"], Except("segnals_delete_bot", "segnals_copy_strategy") },
        { "--read-only with --tools", ["--read-only", "--tools", "segnals_whoami,segnals_delete_bot"], [], ["segnals_whoami"] },
        { "--toolsets with --exclude-tools", ["--toolsets", "bots", "--exclude-tools", "segnals_delete_bot"], [], ExpectedTools.InGroups("bots").Where(name => name != "segnals_delete_bot").ToArray() },
        { "--toolsets within SEGNALS_TOOLSETS", ["--toolsets", "account,bots"], ["SEGNALS_TOOLSETS=account"], ExpectedTools.InGroups("account").ToArray() },
        { "--tools within SEGNALS_TOOLS", ["--tools", "segnals_whoami,segnals_delete_bot"], ["SEGNALS_TOOLS=segnals_whoami,segnals_list_bots"], ["segnals_whoami"] },
        { "--exclude-tools with SEGNALS_EXCLUDE_TOOLS", ["--exclude-tools", "segnals_delete_bot"], ["SEGNALS_EXCLUDE_TOOLS=segnals_whoami"], Except("segnals_delete_bot", "segnals_whoami") },
        { "SEGNALS_READ_ONLY with --tools", ["--tools", "segnals_whoami,segnals_delete_bot"], ["SEGNALS_READ_ONLY=true"], ["segnals_whoami"] },
    };

    [Theory]
    [MemberData(nameof(Ceilings))]
    public async Task A_ceiling_narrows_the_listing(string name, string[] arguments, string[] environment, string[] expected)
    {
        await using var backend = await ScriptedBackend.StartAsync((_, _, _) => Task.FromResult(false));
        await using var session = await ServerSession.StartAsync(backend.Environment(Assignments.Parse(environment)), arguments);

        var listed = await session.ToolNamesAsync();

        Assert.True(expected.Order().SequenceEqual(listed.Order()), $"{name}: listed [{string.Join(", ", listed.Order())}]");
    }

    [Fact]
    public async Task A_tool_outside_the_ceiling_cannot_be_called_and_nothing_is_sent()
    {
        await using var backend = await ScriptedBackend.StartAsync((_, _, _) => Task.FromResult(false));
        await using var session = await ServerSession.StartAsync(backend.Environment(("SEGNALS_CONFIRMATION", "flag")), ["--read-only"]);

        var error = await Assert.ThrowsAsync<McpProtocolException>(() =>
            session.CallAsync("segnals_delete_bot", Arguments.Confirmed(new { bot_id = 2 }, token: null)));

        Assert.Contains("Unknown tool 'segnals_delete_bot'", error.Message);
        Assert.Empty(backend.ApiCalls);
    }

    [Fact]
    public async Task A_ceiling_cannot_add_a_tool_the_key_lacks()
    {
        await using var backend = await ScriptedBackend.StartAsync(async (request, context, _) => request.Path == "/keys/self"
            && await ScriptedBackend.JsonAsync(context, 200, """{"scopes":["read:bots"]}"""));
        await using var session = await ServerSession.StartAsync(backend.Environment(), ["--tools", "segnals_list_bots,segnals_delete_bot"]);

        Assert.Equal(["segnals_list_bots"], await session.ToolNamesAsync());
    }

    public static TheoryData<string[], string[], string> UnknownNames => new()
    {
        { ["--toolsets", "bots,nope"], [], "Unknown toolset 'nope'" },
        { [], ["SEGNALS_TOOLSETS=nope"], "Unknown toolset 'nope'" },
        { ["--toolsets", "nope"], ["SEGNALS_TOOLSETS=bots"], "Unknown toolset 'nope'" },
        { ["--tools", "segnals_nope"], [], "Unknown tool 'segnals_nope'" },
        { [], ["SEGNALS_TOOLS=segnals_whoami,segnals_nope"], "Unknown tool 'segnals_nope'" },
        { ["--exclude-tools", "segnals_nope"], [], "Unknown tool 'segnals_nope'" },
        { [], ["SEGNALS_EXCLUDE_TOOLS=segnals_nope"], "Unknown tool 'segnals_nope'" },
        { ["--toolsets"], [], "Option --toolsets needs a value" },
        { ["--bogus"], [], "Unknown option '--bogus'" },
    };

    [Theory]
    [MemberData(nameof(UnknownNames))]
    public async Task An_unknown_name_exits_with_code_2_and_says_which(string[] arguments, string[] environment, string message)
    {
        var key = Canary.NewKey();
        var variables = Assignments.Parse(environment).ToDictionary(pair => pair.Name, pair => (string?)pair.Value);
        variables["SEGNALS_API_KEY"] = key;
        variables["SEGNALS_API_BASE"] = "http://127.0.0.1:9/api";
        await using var process = ServerProcess.Start(arguments, variables);

        var exitCode = await process.WaitForExitAsync();

        Assert.Equal(2, exitCode);
        Assert.Contains(message, process.StderrText);
        Assert.Equal(string.Empty, process.StdoutText);
        Canary.AssertAbsent(process.StderrText, [key], "stderr");
    }

    private static string[] Except(params string[] names) => AllTools.Except(names).ToArray();
}
