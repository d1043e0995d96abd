using Segnals.Mcp.Generated;
using Xunit;

namespace Segnals.Sandbox.Tests;

public sealed class ScopeDescriptionTests
{
    /// <summary>The consent page describes scopes with the sandbox's sentences; they must be the catalog's.</summary>
    [Fact]
    public void The_sandbox_describes_every_scope_in_the_catalogs_words_and_order()
    {
        Assert.Equal(
            SegnalsCatalog.Info.Scopes.Select(s => (s.Name, s.Description)),
            SandboxAccounts.Scopes.Select(s => (s.Name, s.Description)));
    }
}
