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
}
