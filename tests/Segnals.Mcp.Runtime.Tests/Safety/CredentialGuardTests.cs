using System.Text.Json;
using Segnals.Mcp.Runtime.Safety;

namespace Segnals.Mcp.Runtime.Tests.Safety;

public sealed class CredentialGuardTests
{
    private static readonly CredentialGuard Guard = new(
        ["api_key", "api_secret", "secret", "password", "passphrase", "private_key", "mt5_password", "token"]);

    [Theory]
    [InlineData("""{"api_key":"k"}""", "config.api_key")]
    [InlineData("""{"exchange":{"API_Secret":"s"}}""", "config.exchange.API_Secret")]
    [InlineData("""{"exchange":{"apiKey":"k"}}""", "config.exchange.apiKey")]
    [InlineData("""{"APIKey":"k"}""", "config.APIKey")]
    [InlineData("""{"api-secret":"s"}""", "config.api-secret")]
    [InlineData("""{"apisecret":"s"}""", "config.apisecret")]
    [InlineData("""{"PASSWORD":"p"}""", "config.PASSWORD")]
    [InlineData("""{"mt5Password":"p"}""", "config.mt5Password")]
    [InlineData("""{"bybit_api_secret":"s"}""", "config.bybit_api_secret")]
    [InlineData("""{"telegramToken":"t"}""", "config.telegramToken")]
    [InlineData("""{"access-token":"t"}""", "config.access-token")]
    [InlineData("""{"a":{"b":{"c":{"d":{"passphrase":"x"}}}}}""", "config.a.b.c.d.passphrase")]
    [InlineData("""{"accounts":[{"name":"a"},{"name":"b","private_key":"x"}]}""", "config.accounts[1].private_key")]
    [InlineData("""{"matrix":[[1],[{"Secret":null}]]}""", "config.matrix[1][0].Secret")]
    public void Finds_a_credential_key_in_any_spelling_at_any_depth(string json, string expectedPath)
    {
        using var document = JsonDocument.Parse(json);

        Assert.Equal(expectedPath, Guard.FindCredential(document.RootElement, "config"));
    }

    [Fact]
    public void Reports_the_first_credential_in_document_order()
    {
        using var document = JsonDocument.Parse("""{"leverage":5,"secret":"a","password":"b"}""");

        Assert.Equal("params.secret", Guard.FindCredential(document.RootElement, "params"));
    }

    [Theory]
    [InlineData("""{"leverage":10,"stop_loss_pct":2,"martingale":{"enabled":true,"multiplier":2}}""")]
    [InlineData("""{"tokens_used":3,"token_count":1,"secret_sauce_level":2,"passwordless":true}""")]
    [InlineData("""{"note":"my api_key is in the value, not a key","tags":["password","token"]}""")]
    [InlineData("""{"keys":["a"],"key":"symbol","api":"v2"}""")]
    [InlineData("[]")]
    [InlineData("\"api_key\"")]
    [InlineData("null")]
    public void Leaves_clean_configs_alone(string json)
    {
        using var document = JsonDocument.Parse(json);

        Assert.Null(Guard.FindCredential(document.RootElement, "config"));
    }

    [Theory]
    [InlineData("apiKey", "api_key")]
    [InlineData("APIKey", "api_key")]
    [InlineData("API_Secret", "api_secret")]
    [InlineData("__Api--Secret ", "api_secret")]
    [InlineData("mt5Password", "mt5_password")]
    [InlineData("MT5Password", "mt5_password")]
    [InlineData("bybit.api.secret", "bybit_api_secret")]
    public void Key_names_are_normalised_to_snake_case(string key, string snake) =>
        Assert.Equal(snake, CredentialGuard.ToSnakeCase(key));

    [Fact]
    public void Banned_names_may_themselves_be_given_in_any_spelling()
    {
        var guard = new CredentialGuard(["ApiKey"]);
        using var document = JsonDocument.Parse("""{"x":{"api-key":"k"}}""");

        Assert.Equal("c.x.api-key", guard.FindCredential(document.RootElement, "c"));
    }
}
