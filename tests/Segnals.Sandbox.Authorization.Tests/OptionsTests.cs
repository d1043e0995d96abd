using Xunit;

namespace Segnals.Sandbox.Authorization.Tests;

public sealed class OptionsTests
{
    [Fact]
    public void The_environment_sets_the_resources_and_the_token_format()
    {
        var options = AuthorizationServerOptions.FromEnvironment(name => name switch
        {
            "SEGNALS_SANDBOX_OAUTH_RESOURCES" => "https://mcp.example/mcp, https://mcp.example/mcp/readonly",
            "SEGNALS_SANDBOX_OAUTH_TOKENS" => "reference",
            _ => null,
        });

        Assert.Equal(["https://mcp.example/mcp", "https://mcp.example/mcp/readonly"], options.Resources.Select(r => r.AbsoluteUri));
        Assert.True(options.UseReferenceAccessTokens);
        Assert.Equal(AuthorizationServerOptions.DefaultResources, AuthorizationServerOptions.FromEnvironment(_ => null).Resources);
    }

    [Theory]
    [InlineData("SEGNALS_SANDBOX_OAUTH_RESOURCES", "mcp.example/mcp", "not an absolute http(s) URL")]
    [InlineData("SEGNALS_SANDBOX_OAUTH_RESOURCES", "https://mcp.example/mcp#x", "without a fragment")]
    [InlineData("SEGNALS_SANDBOX_OAUTH_TOKENS", "opaque", "must be 'jwt' or 'reference'")]
    public void A_bad_setting_is_refused_naming_the_variable(string variable, string value, string mentions)
    {
        var error = Assert.Throws<ArgumentException>(() => AuthorizationServerOptions.FromEnvironment(name => name == variable ? value : null));

        Assert.Contains(variable, error.Message);
        Assert.Contains(mentions, error.Message);
    }
}
