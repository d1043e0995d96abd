using System.Text;
using System.Text.Json;
using Segnals.Mcp.Runtime.Http;

namespace Segnals.Mcp.Runtime.Tests.Http;

public sealed class JsonBodyTests
{
    [Fact]
    public void Writes_properties_in_call_order_and_leaves_out_nulls()
    {
        var body = new JsonBody()
            .Add("name", "Grid \"1\"")
            .Add("symbol", (string?)null)
            .Add("limit", 5L)
            .Add("ratio", 0.5)
            .Add("enabled", false)
            .Add("client", "mcp");

        Assert.Equal("""{"name":"Grid \u00221\u0022","limit":5,"ratio":0.5,"enabled":false,"client":"mcp"}""", Text(body));
    }

    [Fact]
    public void Json_elements_are_written_as_given()
    {
        using var config = JsonDocument.Parse("""{ "leverage": 5, "grid": [1, 2.50, {"x": null}] }""");

        var body = new JsonBody().Add("config", config.RootElement).Add("client", "mcp");

        Assert.Equal("""{"config":{"leverage":5,"grid":[1,2.50,{"x":null}]},"client":"mcp"}""", Text(body));
    }

    [Fact]
    public void A_json_null_or_missing_element_is_left_out()
    {
        using var nullValue = JsonDocument.Parse("null");

        var body = new JsonBody().Add("config", nullValue.RootElement).Add("params", (JsonElement?)null).Add("other", default(JsonElement));

        Assert.Equal("{}", Text(body));
    }

    [Fact]
    public void The_body_outlives_the_callers_document()
    {
        var body = new JsonBody();
        using (var document = JsonDocument.Parse("""{"a":1}"""))
        {
            body.Add("config", document.RootElement);
        }

        Assert.Equal("""{"config":{"a":1}}""", Text(body));
    }

    [Fact]
    public void Can_be_rendered_again_after_more_properties_are_added()
    {
        var body = new JsonBody().Add("a", 1L);
        var first = Text(body);
        body.Add("b", true);

        Assert.Equal("""{"a":1}""", first);
        Assert.Equal("""{"a":1,"b":true}""", Text(body));
    }

    [Fact]
    public void A_property_added_twice_is_a_bug_and_is_refused() =>
        Assert.Throws<ArgumentException>(() => new JsonBody().Add("client", "mcp").Add("client", "x"));

    [Fact]
    public void Non_finite_numbers_are_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new JsonBody().Add("x", double.PositiveInfinity));

    private static string Text(JsonBody body) => Encoding.UTF8.GetString(body.ToUtf8().Span);
}
