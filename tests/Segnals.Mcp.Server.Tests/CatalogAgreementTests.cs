using System.Text.RegularExpressions;
using Segnals.Mcp.Generated;
using Segnals.Mcp.Runtime.Configuration;
using Xunit;

namespace Segnals.Mcp.Server.Tests;

/// <summary>
/// Settings are read before the catalog's runtime exists, so the server keeps its own compiled copies of
/// the service file's key variable, key pattern and API base (a generated regex, constants). These
/// tests hold each copy to what the catalog states, so the catalog stays the one source of truth.
/// </summary>
public sealed class CatalogAgreementTests
{
    [Fact]
    public void The_key_variable_and_the_default_api_base_are_the_catalogs()
    {
        Assert.Equal(ServerSettingsReader.ApiKeyVariable, SegnalsCatalog.Info.KeyEnvironmentVariable);
        Assert.Equal(new Uri(SegnalsCatalog.Info.ApiBase), ServerSettings.DefaultApiBase);
    }

    [Theory]
    [InlineData("sk_live_0123456789abcdefXYZ")]
    [InlineData("sk_test_0123456789abcdef-_xy")]
    [InlineData("sk_test_0123456789abcde")]
    [InlineData("sk_prod_0123456789abcdefXYZ")]
    [InlineData("sk_live_0123456789/abcdef+XYZ")]
    [InlineData("Bearer sk_live_0123456789abcdefXYZ")]
    [InlineData("sk_live_0123456789abcdefXYZ\n")]
    [InlineData("")]
    public void A_key_is_accepted_exactly_when_the_catalogs_key_pattern_matches_it(string key)
    {
        // \z for the catalog's '$' too: a key with a trailing newline is not a key.
        var catalogPattern = new Regex(SegnalsCatalog.Info.KeyPattern.TrimEnd('$') + @"\z", RegexOptions.CultureInvariant);

        Assert.Equal(catalogPattern.IsMatch(key), ApiKeyFormat.IsWellFormed(key));
    }
}
