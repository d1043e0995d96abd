using Segnals.Mcp.Runtime.Configuration;
using Segnals.Mcp.Runtime.Tests.Testing;

namespace Segnals.Mcp.Runtime.Tests.Configuration;

public sealed class ServerSettingsReaderTests
{
    [Fact]
    public void With_only_a_key_every_setting_has_its_default()
    {
        var settings = ReadValid(new() { ["SEGNALS_API_KEY"] = TestKeys.ApiKey });

        Assert.Equal(TestKeys.ApiKey, settings.ApiKey);
        Assert.Equal(new Uri("https://segnals.com/api"), settings.ApiBase);
        Assert.Equal(TimeSpan.FromSeconds(30), settings.Timeout);
        Assert.Equal(3, settings.MaxRetries);
        Assert.Equal(120, settings.RateLimitPerMinute);
        Assert.Equal(ConfirmationMode.Auto, settings.Confirmation);
        Assert.Null(settings.ConfirmationSecret);
        Assert.Equal(TimeSpan.FromMinutes(5), settings.ConfirmationLifetime);
        Assert.Equal(ToolListing.Full, settings.Listing);
        Assert.False(settings.ReadOnly);
        Assert.Null(settings.Toolsets);
        Assert.Null(settings.Tools);
        Assert.Empty(settings.ExcludeTools);
    }

    [Fact]
    public void Every_variable_is_read()
    {
        var settings = ReadValid(new()
        {
            ["SEGNALS_API_KEY"] = "  " + TestKeys.ApiKey + "\n",
            ["SEGNALS_API_BASE"] = "http://127.0.0.1:5080/api",
            ["SEGNALS_TIMEOUT_MS"] = "5000",
            ["SEGNALS_MAX_RETRIES"] = "0",
            ["SEGNALS_RATE_LIMIT_PER_MINUTE"] = "30",
            ["SEGNALS_CONFIRMATION"] = "Token",
            ["SEGNALS_CONFIRMATION_SECRET"] = new string('a', 64),
            ["SEGNALS_TOOLS_LIST"] = "compact",
            ["SEGNALS_READ_ONLY"] = "1",
            ["SEGNALS_TOOLSETS"] = "bots, stats ,,bots",
            ["SEGNALS_TOOLS"] = "segnals_list_bots",
            ["SEGNALS_EXCLUDE_TOOLS"] = "segnals_delete_bot,segnals_control_bot",
        });

        Assert.Equal(TestKeys.ApiKey, settings.ApiKey);
        Assert.Equal(new Uri("http://127.0.0.1:5080/api"), settings.ApiBase);
        Assert.Equal(TimeSpan.FromSeconds(5), settings.Timeout);
        Assert.Equal(0, settings.MaxRetries);
        Assert.Equal(30, settings.RateLimitPerMinute);
        Assert.Equal(ConfirmationMode.Token, settings.Confirmation);
        Assert.Equal(Enumerable.Repeat((byte)0xAA, 32), settings.ConfirmationSecret);
        Assert.Equal(ToolListing.Compact, settings.Listing);
        Assert.True(settings.ReadOnly);
        Assert.Equal(["bots", "stats"], settings.Toolsets);
        Assert.Equal(["segnals_list_bots"], settings.Tools);
        Assert.Equal(["segnals_delete_bot", "segnals_control_bot"], settings.ExcludeTools);
    }

    [Theory]
    [InlineData("elicit", ConfirmationMode.Elicit)]
    [InlineData("TOKEN", ConfirmationMode.Token)]
    [InlineData("flag", ConfirmationMode.Flag)]
    [InlineData("auto", ConfirmationMode.Auto)]
    public void Confirmation_modes_are_read_in_any_case(string value, ConfirmationMode mode) =>
        Assert.Equal(mode, ReadValid(new() { ["SEGNALS_API_KEY"] = TestKeys.ApiKey, ["SEGNALS_CONFIRMATION"] = value }).Confirmation);

    [Theory]
    [InlineData("full", ToolListing.Full)]
    [InlineData("Compact", ToolListing.Compact)]
    public void The_tools_list_profile_is_read_in_any_case(string value, ToolListing listing) =>
        Assert.Equal(listing, ReadValid(new() { ["SEGNALS_API_KEY"] = TestKeys.ApiKey, ["SEGNALS_TOOLS_LIST"] = value }).Listing);

    [Theory]
    [InlineData("true", true)]
    [InlineData("TRUE", true)]
    [InlineData("1", true)]
    [InlineData("false", false)]
    [InlineData("0", false)]
    public void Read_only_accepts_true_false_1_and_0(string value, bool readOnly) =>
        Assert.Equal(readOnly, ReadValid(new() { ["SEGNALS_API_KEY"] = TestKeys.ApiKey, ["SEGNALS_READ_ONLY"] = value }).ReadOnly);

    [Fact]
    public void The_rate_limit_goes_up_to_a_million_calls_per_minute_for_load_tests() =>
        Assert.Equal(
            1_000_000,
            ReadValid(new() { ["SEGNALS_API_KEY"] = TestKeys.ApiKey, ["SEGNALS_RATE_LIMIT_PER_MINUTE"] = "1000000" }).RateLimitPerMinute);

    [Fact]
    public void Without_a_required_key_the_key_variable_is_not_read_even_when_malformed()
    {
        var result = ServerSettingsReader.Read(Environment(new() { ["SEGNALS_API_KEY"] = "not-a-key", ["SEGNALS_MAX_RETRIES"] = "2" }), apiKeyRequired: false);

        Assert.Empty(result.Errors);
        Assert.Equal(string.Empty, result.Settings!.ApiKey);
        Assert.Equal(2, result.Settings.MaxRetries);
    }

    [Fact]
    public void The_confirmation_token_lifetime_is_read_in_seconds() =>
        Assert.Equal(
            TimeSpan.FromSeconds(20),
            ReadValid(new() { ["SEGNALS_API_KEY"] = TestKeys.ApiKey, ["SEGNALS_CONFIRMATION_TTL_SECONDS"] = "20" }).ConfirmationLifetime);

    [Fact]
    public void A_base64_secret_is_accepted()
    {
        var secret = Enumerable.Range(0, 48).Select(index => (byte)index).ToArray();

        var settings = ReadValid(new() { ["SEGNALS_API_KEY"] = TestKeys.ApiKey, ["SEGNALS_CONFIRMATION_SECRET"] = Convert.ToBase64String(secret) });

        Assert.Equal(secret, settings.ConfirmationSecret);
    }

    [Fact]
    public void A_url_safe_unpadded_base64_secret_is_accepted()
    {
        var secret = Enumerable.Repeat((byte)0xFB, 32).ToArray();
        var urlSafe = Convert.ToBase64String(secret).Replace('+', '-').Replace('/', '_').TrimEnd('=');

        var settings = ReadValid(new() { ["SEGNALS_API_KEY"] = TestKeys.ApiKey, ["SEGNALS_CONFIRMATION_SECRET"] = urlSafe });

        Assert.Equal(secret, settings.ConfirmationSecret);
    }

    [Fact]
    public void Blank_values_count_as_unset()
    {
        var settings = ReadValid(new()
        {
            ["SEGNALS_API_KEY"] = TestKeys.ApiKey,
            ["SEGNALS_TIMEOUT_MS"] = "",
            ["SEGNALS_TOOLS"] = "  ",
            ["SEGNALS_TOOLSETS"] = ",",
        });

        Assert.Equal(TimeSpan.FromSeconds(30), settings.Timeout);
        Assert.Null(settings.Tools);
        Assert.Null(settings.Toolsets);
    }

    [Fact]
    public void A_missing_key_says_it_is_required_and_how_to_get_one_or_try_the_sandbox()
    {
        var result = ServerSettingsReader.Read(_ => null);

        Assert.Null(result.Settings);
        var error = Assert.Single(result.Errors);
        Assert.StartsWith("SEGNALS_API_KEY is required", error);
        Assert.Contains("segnals.com → Settings → API Keys", error);
        Assert.Contains("segnals-mcp --sandbox", error);
    }

    [Theory]
    [InlineData("sk_live_short")]
    [InlineData("pk_live_SECRETsecret0123456789")]
    [InlineData("sk_prod_SECRETsecret0123456789")]
    [InlineData("sk_live_SECRET secret 0123456789")]
    [InlineData("Bearer sk_live_SECRETsecret0123456789")]
    public void A_malformed_key_is_described_without_being_echoed(string key)
    {
        var result = ServerSettingsReader.Read(Environment(new() { ["SEGNALS_API_KEY"] = key }));

        var error = Assert.Single(result.Errors);
        Assert.StartsWith("SEGNALS_API_KEY does not look like a Segnals API key", error);
        Assert.Contains("sk_live_…", error);
        Assert.Contains("sk_test_…", error);
        Assert.DoesNotContain("SECRET", error);
        Assert.DoesNotContain(key, error);
    }

    public static TheoryData<string, string, string> BadValues => new()
    {
        { "SEGNALS_API_BASE", "segnals.example/api-v9", "https" },
        { "SEGNALS_API_BASE", "http://segnals.com/api", "http is allowed only for localhost" },
        { "SEGNALS_API_BASE", "https://user:pw@segnals.com/api", "without user name" },
        { "SEGNALS_API_BASE", "ftp://segnals.com/api", "https" },
        { "SEGNALS_TIMEOUT_MS", "30s", "from 100 to 600000" },
        { "SEGNALS_TIMEOUT_MS", "99", "milliseconds" },
        { "SEGNALS_TIMEOUT_MS", "99999999999", "from 100 to 600000" },
        { "SEGNALS_MAX_RETRIES", "-1", "from 0 to 10" },
        { "SEGNALS_MAX_RETRIES", "11", "from 0 to 10" },
        { "SEGNALS_RATE_LIMIT_PER_MINUTE", "-4", "from 1 to 1000000" },
        { "SEGNALS_RATE_LIMIT_PER_MINUTE", "1000001", "from 1 to 1000000" },
        { "SEGNALS_RATE_LIMIT_PER_MINUTE", "1.5", "whole number" },
        { "SEGNALS_CONFIRMATION", "yes", "elicit, token or flag" },
        { "SEGNALS_CONFIRMATION_SECRET", "tooshort", "at least 32" },
        { "SEGNALS_CONFIRMATION_SECRET", new string('a', 62), "at least 32" },
        { "SEGNALS_CONFIRMATION_SECRET", "not base64 at all!", "hex" },
        { "SEGNALS_CONFIRMATION_TTL_SECONDS", "4", "from 5 to 3600" },
        { "SEGNALS_CONFIRMATION_TTL_SECONDS", "3601", "from 5 to 3600" },
        { "SEGNALS_TOOLS_LIST", "small", "full (the default" },
        { "SEGNALS_TOOLS_LIST", "lean", "or compact" },
        { "SEGNALS_TOOLS_LIST", "1", "or compact" },
        { "SEGNALS_CONFIRMATION", "2", "elicit, token or flag" },
        { "SEGNALS_CONFIRMATION", "token,flag", "elicit, token or flag" },
        { "SEGNALS_READ_ONLY", "yes", "true, false, 1 or 0" },
        { "SEGNALS_TOOLSETS", "bots;stats", "comma-separated" },
        { "SEGNALS_TOOLS", "segnals list bots", "comma-separated" },
        { "SEGNALS_EXCLUDE_TOOLS", "delete*", "comma-separated" },
    };

    [Theory]
    [MemberData(nameof(BadValues))]
    public void A_bad_value_is_reported_by_variable_name_with_what_is_allowed_and_not_echoed(string variable, string value, string allowed)
    {
        var result = ServerSettingsReader.Read(Environment(new() { ["SEGNALS_API_KEY"] = TestKeys.ApiKey, [variable] = value }));

        Assert.Null(result.Settings);
        var error = Assert.Single(result.Errors);
        Assert.StartsWith(variable + " ", error);
        Assert.Contains(allowed, error);
        Assert.DoesNotContain(value, error);
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var result = ServerSettingsReader.Read(Environment(new()
        {
            ["SEGNALS_TIMEOUT_MS"] = "x",
            ["SEGNALS_MAX_RETRIES"] = "x",
            ["SEGNALS_READ_ONLY"] = "x",
        }));

        Assert.Equal(4, result.Errors.Count);
        Assert.Contains(result.Errors, error => error.StartsWith("SEGNALS_API_KEY", StringComparison.Ordinal));
    }

    [Fact]
    public void A_key_pasted_into_the_wrong_variable_is_not_echoed()
    {
        var result = ServerSettingsReader.Read(Environment(new()
        {
            ["SEGNALS_API_KEY"] = TestKeys.ApiKey,
            ["SEGNALS_CONFIRMATION_SECRET"] = TestKeys.ApiKey,
            ["SEGNALS_TOOLS"] = "Bearer " + TestKeys.ApiKey,
        }));

        Assert.Equal(2, result.Errors.Count);
        Assert.All(result.Errors, error => Assert.DoesNotContain(TestKeys.SecretPart, error));
    }

    [Fact]
    public void Settings_text_never_shows_the_key_or_secret()
    {
        var settings = ReadValid(new()
        {
            ["SEGNALS_API_KEY"] = TestKeys.ApiKey,
            ["SEGNALS_CONFIRMATION_SECRET"] = Convert.ToBase64String(Enumerable.Repeat((byte)7, 32).ToArray()),
        });

        var text = settings.ToString();

        Assert.DoesNotContain(TestKeys.SecretPart, text);
        Assert.DoesNotContain(Convert.ToBase64String(settings.ConfirmationSecret!), text);
        Assert.Contains("ApiKey = sk_test_…", text);
        Assert.Contains("RateLimitPerMinute = 120", text);
    }

    private static ServerSettings ReadValid(Dictionary<string, string> variables)
    {
        var result = ServerSettingsReader.Read(Environment(variables));
        Assert.Empty(result.Errors);
        return Assert.IsType<ServerSettings>(result.Settings);
    }

    private static Func<string, string?> Environment(Dictionary<string, string> variables) =>
        name => variables.TryGetValue(name, out var value) ? value : null;
}
