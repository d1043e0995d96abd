using Segnals.Mcp.Runtime.Http;

namespace Segnals.Mcp.Runtime.Tests.Http;

public sealed class ApiQueryTests
{
    [Fact]
    public void Without_values_the_path_is_unchanged() =>
        Assert.Equal("/bots/", new ApiQuery().Add("status", (string?)null).Add("limit", (long?)null).AppendTo("/bots/"));

    [Fact]
    public void Values_are_appended_in_order_and_nulls_are_left_out()
    {
        var path = new ApiQuery()
            .Add("bot_id", 42L)
            .Add("status", (string?)null)
            .Add("max_risk", 0.25)
            .Add("live", true)
            .Add("demo", false)
            .AppendTo("/bots/trades");

        Assert.Equal("/bots/trades?bot_id=42&max_risk=0.25&live=true&demo=false", path);
    }

    [Fact]
    public void Names_and_values_are_escaped()
    {
        var path = new ApiQuery().Add("q", "grid & dca/äé").Add("a b", "=").AppendTo("/knowledge/search");

        Assert.Equal("/knowledge/search?q=grid%20%26%20dca%2F%C3%A4%C3%A9&a%20b=%3D", path);
    }

    [Fact]
    public void Numbers_use_the_invariant_culture_and_round_trip()
    {
        var previous = Thread.CurrentThread.CurrentCulture;
        try
        {
            Thread.CurrentThread.CurrentCulture = System.Globalization.CultureInfo.InvariantCulture;
            Assert.Equal("/p?x=0.1&y=-3&z=1E-07", new ApiQuery().Add("x", 0.1).Add("y", -3L).Add("z", 1e-7).AppendTo("/p"));
        }
        finally
        {
            Thread.CurrentThread.CurrentCulture = previous;
        }
    }

    [Fact]
    public void Non_finite_numbers_are_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new ApiQuery().Add("x", double.NaN));
}
