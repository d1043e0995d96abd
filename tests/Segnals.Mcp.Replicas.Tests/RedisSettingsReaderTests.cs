namespace Segnals.Mcp.Replicas.Tests;

/// <summary>SEGNALS_REDIS and SEGNALS_REDIS_PREFIX: what they accept, and errors that name the variable without its value.</summary>
public sealed class RedisSettingsReaderTests
{
    private const string Password = "pw-CANARY-9f8e7d";

    [Fact]
    public void Without_SEGNALS_REDIS_the_stores_stay_in_process()
    {
        var read = Read(connection: null);

        Assert.Null(read.Settings);
        Assert.Empty(read.Errors);
    }

    [Fact]
    public void A_connection_string_gives_its_endpoints_the_default_prefix_and_short_timeouts()
    {
        var settings = Read($" redis-a:6380,redis-b:6381,password={Password},ssl=false ").Settings!;

        Assert.Equal("redis-a:6380,redis-b:6381", settings.Endpoints);
        Assert.Equal("segnals-mcp:", settings.KeyPrefix);
        Assert.True(settings.OperationTimeout <= TimeSpan.FromSeconds(1));
        Assert.True(settings.ConnectTimeout <= TimeSpan.FromSeconds(2));
        Assert.DoesNotContain(Password, settings.ToString());
        Assert.Equal("Redis at redis-a:6380,redis-b:6381 (keys under 'segnals-mcp:')", settings.ToString());
    }

    [Fact]
    public void The_client_is_told_not_to_wait_for_Redis_forever()
    {
        var options = Read($"127.0.0.1:6379,password={Password},connectTimeout=60000,asyncTimeout=60000").Settings!.CreateClientOptions();

        Assert.False(options.AbortOnConnectFail);
        Assert.Equal(2000, options.ConnectTimeout);
        Assert.Equal(1000, options.AsyncTimeout);
        Assert.Equal(Password, options.Password);
    }

    [Fact]
    public void The_prefix_is_configurable()
    {
        Assert.Equal("team-b:mcp:", Read("localhost", prefix: "team-b:mcp:").Settings!.KeyPrefix);
    }

    [Theory]
    [InlineData("localhost:6379,password=" + Password + ",colour=blue", "(option 'colour')")]
    [InlineData("localhost:6379,connectTimeout=" + Password, "(option 'connectTimeout')")]
    [InlineData("password=" + Password, "names no Redis server")]
    [InlineData("redis://:" + Password + "@cache:6379", "not a redis:// URL")]
    [InlineData(Password + "@cache:6379", "not a redis:// URL")]
    public void A_bad_connection_string_is_named_and_never_repeated(string connection, string expected)
    {
        var read = Read(connection);

        Assert.Null(read.Settings);
        var error = Assert.Single(read.Errors);
        Assert.StartsWith("SEGNALS_REDIS ", error);
        Assert.Contains(expected, error);
        Assert.DoesNotContain(Password, error);
    }

    [Theory]
    [InlineData("has space")]
    [InlineData("{tag}")]
    [InlineData("café:")]
    [InlineData("an-awfully-long-prefix-that-goes-on-and-on-and-on-past-sixty-four-chars")]
    public void A_bad_prefix_is_refused(string prefix)
    {
        var read = Read("localhost:6379", prefix);

        Assert.Null(read.Settings);
        Assert.StartsWith("SEGNALS_REDIS_PREFIX must be", Assert.Single(read.Errors));
    }

    [Fact]
    public void A_prefix_without_a_Redis_is_a_mistake_worth_saying()
    {
        var read = Read(connection: null, prefix: "team-b:");

        Assert.Null(read.Settings);
        Assert.Contains("SEGNALS_REDIS_PREFIX is set but SEGNALS_REDIS is not", Assert.Single(read.Errors));
    }

    private static RedisSettingsResult Read(string? connection, string? prefix = null) =>
        RedisSettingsReader.Read(name => name switch
        {
            "SEGNALS_REDIS" => connection,
            "SEGNALS_REDIS_PREFIX" => prefix,
            _ => null,
        });
}
