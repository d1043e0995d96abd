using System.Text.Json;
using Segnals.Mcp.Runtime.Json;

namespace Segnals.Mcp.Runtime.Tests.Json;

public sealed class CanonicalJsonTests
{
    [Fact]
    public void Keys_are_sorted_ordinally_at_every_depth_without_whitespace()
    {
        var text = CanonicalJson.Serialize(Arguments("""
            { "name": "x", "config": { "b": 1, "a": { "z": true, "Z": false }, "B": [ { "y": 1, "x": 2 } ] }, "bot_id": 7 }
            """));

        Assert.Equal("""{"bot_id":7,"config":{"B":[{"x":2,"y":1}],"a":{"Z":false,"z":true},"b":1},"name":"x"}""", text);
    }

    [Fact]
    public void The_same_arguments_in_another_order_give_the_same_text() =>
        Assert.Equal(
            CanonicalJson.Serialize(Arguments("""{"a":1,"b":{"c":[1,2],"d":null}}""")),
            CanonicalJson.Serialize(Arguments("""{ "b" : { "d" : null, "c" : [ 1, 2 ] }, "a" : 1 }""")));

    [Fact]
    public void Array_order_matters() =>
        Assert.NotEqual(
            CanonicalJson.Serialize(Arguments("""{"a":[1,2]}""")),
            CanonicalJson.Serialize(Arguments("""{"a":[2,1]}""")));

    [Fact]
    public void Numbers_are_kept_as_written() =>
        Assert.Equal("""{"a":1.50,"b":1E3,"c":-0}""", CanonicalJson.Serialize(Arguments("""{"a":1.50,"b":1E3,"c":-0}""")));

    [Fact]
    public void Equivalent_string_escapes_give_the_same_text() =>
        Assert.Equal(
            CanonicalJson.Serialize(Arguments("""{"name":"A\u0042"}""")),
            CanonicalJson.Serialize(Arguments("""{"name":"AB"}""")));

    [Fact]
    public void Different_values_give_different_text() =>
        Assert.NotEqual(
            CanonicalJson.Serialize(Arguments("""{"leverage":5}""")),
            CanonicalJson.Serialize(Arguments("""{"leverage":50}""")));

    [Fact]
    public void Undefined_arguments_are_left_out()
    {
        var arguments = new Dictionary<string, JsonElement> { ["a"] = JsonDocument.Parse("1").RootElement, ["b"] = default };

        Assert.Equal("""{"a":1}""", CanonicalJson.Serialize(arguments));
    }

    [Fact]
    public void No_arguments_is_an_empty_object() => Assert.Equal("{}", CanonicalJson.Serialize(new Dictionary<string, JsonElement>()));

    private static Dictionary<string, JsonElement> Arguments(string json) =>
        JsonDocument.Parse(json).RootElement.EnumerateObject().ToDictionary(property => property.Name, property => property.Value.Clone());
}
