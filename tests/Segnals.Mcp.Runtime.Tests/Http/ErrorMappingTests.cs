using Segnals.Mcp.Runtime.Http;
using Segnals.Mcp.Runtime.Tests.Testing;
using Segnals.Testing;

namespace Segnals.Mcp.Runtime.Tests.Http;

/// <summary>Each API failure becomes one actionable sentence with the facts a caller needs as properties.</summary>
public sealed class ErrorMappingTests : IAsyncLifetime
{
    private readonly ReplySequence _replies = new();
    private ScriptedBackend _backend = null!;

    public async Task InitializeAsync() => _backend = await ScriptedBackend.StartAsync(_replies.AnswerAsync, TestKeys.ApiKey);

    public async Task DisposeAsync() => await _backend.DisposeAsync();

    [Fact]
    public async Task Unauthorized_says_the_key_was_rejected_and_how_to_get_a_new_one()
    {
        var error = await FailWith(new ScriptedReply(401, """{"message":"invalid api key"}"""));

        Assert.Equal(ApiErrorKind.Unauthorized, error.Kind);
        Assert.Equal(401, error.StatusCode);
        Assert.Contains("key was rejected (invalid, expired or revoked)", error.Message);
        Assert.Contains("Settings → API Keys", error.Message);
        Assert.Contains("SEGNALS_API_KEY", error.Message);
    }

    [Fact]
    public async Task Forbidden_names_the_missing_scope()
    {
        var error = await FailWith(new ScriptedReply(403, """{"message":"Missing scope","required":"control:bots"}"""));

        Assert.Equal(ApiErrorKind.Forbidden, error.Kind);
        Assert.Equal("control:bots", error.RequiredScope);
        Assert.Contains("lacks the 'control:bots' scope", error.Message);
        Assert.Contains("add 'control:bots' to the key", error.Message);
    }

    [Fact]
    public async Task Forbidden_without_a_scope_quotes_the_api()
    {
        var error = await FailWith(new ScriptedReply(403, """{"message":"VIP tier only"}"""));

        Assert.Equal(ApiErrorKind.Forbidden, error.Kind);
        Assert.Null(error.RequiredScope);
        Assert.Contains("VIP tier only", error.Message);
    }

    [Fact]
    public async Task Not_found_says_to_check_the_id()
    {
        var error = await FailWith(new ScriptedReply(404, """{"message":"Bot not found"}"""));

        Assert.Equal(ApiErrorKind.NotFound, error.Kind);
        Assert.Contains("Bot not found", error.Message);
        Assert.Contains("check the id", error.Message);
        Assert.Contains("list your bots", error.Message);
    }

    [Fact]
    public async Task Conflict_gives_the_apis_message()
    {
        var error = await FailWith(new ScriptedReply(409, """{"message":"Stop the bot before deleting it."}"""));

        Assert.Equal(ApiErrorKind.Conflict, error.Kind);
        Assert.EndsWith(": Stop the bot before deleting it.", error.Message);
    }

    [Fact]
    public async Task Conflict_reads_the_older_msg_field()
    {
        var error = await FailWith(new ScriptedReply(409, """{"msg":"Bot is running"}"""));

        Assert.Contains("Bot is running", error.Message);
    }

    [Fact]
    public async Task Validation_names_the_field()
    {
        var error = await FailWith(new ScriptedReply(422, """{"message":"must be between 1 and 125","field":"config.leverage"}"""));

        Assert.Equal(ApiErrorKind.Validation, error.Kind);
        Assert.Equal("config.leverage", error.Field);
        Assert.Equal("The Segnals API rejected 'config.leverage': must be between 1 and 125.", error.Message);
    }

    [Fact]
    public async Task Rate_limited_says_how_many_seconds_to_wait()
    {
        var error = await FailWith(
            new ScriptedReply(429, """{"message":"Too many requests","retry_after":42}""",
                new Dictionary<string, string> { ["Retry-After"] = "42" }),
            maxRetries: 0);

        Assert.Equal(ApiErrorKind.RateLimited, error.Kind);
        Assert.Equal(TimeSpan.FromSeconds(42), error.RetryAfter);
        Assert.Contains("wait 42 s", error.Message);
    }

    [Fact]
    public async Task Server_error_on_a_read_says_the_api_failed()
    {
        var error = await FailWith(new ScriptedReply(500, """{"message":"boom"}"""), maxRetries: 0);

        Assert.Equal(ApiErrorKind.ServerError, error.Kind);
        Assert.Equal(500, error.StatusCode);
        Assert.StartsWith("The Segnals API failed (HTTP 500)", error.Message);
    }

    [Fact]
    public async Task A_success_with_a_body_that_is_not_json_is_an_invalid_response()
    {
        var error = await FailWith(new ScriptedReply(200, "<html>login</html>", ContentType: "text/html"));

        Assert.Equal(ApiErrorKind.InvalidResponse, error.Kind);
        Assert.Contains("not JSON", error.Message);
        Assert.Contains("SEGNALS_API_BASE", error.Message);
    }

    [Theory]
    [InlineData("""{"bots":[]} {"bots":[]}""")]
    [InlineData("""{"bots":[]} trailing""")]
    [InlineData("""[1,2""")]
    public async Task A_success_whose_body_is_not_exactly_one_json_value_is_an_invalid_response(string body)
    {
        var error = await FailWith(new ScriptedReply(200, body));

        Assert.Equal(ApiErrorKind.InvalidResponse, error.Kind);
        Assert.Contains("not JSON", error.Message);
    }

    [Fact]
    public async Task A_redirect_is_not_followed()
    {
        var error = await FailWith(new ScriptedReply(302, Headers: new Dictionary<string, string> { ["Location"] = "/elsewhere" }));

        Assert.Equal(ApiErrorKind.InvalidResponse, error.Kind);
        Assert.Single(_backend.Requests);
    }

    [Fact]
    public async Task An_error_body_that_is_not_json_still_gives_a_sentence()
    {
        var error = await FailWith(new ScriptedReply(404, "Not Found", ContentType: "text/plain"));

        Assert.Equal(ApiErrorKind.NotFound, error.Kind);
        Assert.Contains("check the id", error.Message);
    }

    [Fact]
    public async Task A_long_multi_line_api_message_is_quoted_on_one_short_line()
    {
        var error = await FailWith(new ScriptedReply(409, $$"""{"message":"first line\nsecond line {{new string('x', 1000)}}"}"""));

        Assert.DoesNotContain('\n', error.Message);
        Assert.Contains("first line second line", error.Message);
        Assert.True(error.Message.Length < 500, $"message is {error.Message.Length} characters");
    }

    [Theory]
    [InlineData(401)]
    [InlineData(403)]
    [InlineData(404)]
    [InlineData(409)]
    [InlineData(422)]
    [InlineData(429)]
    [InlineData(500)]
    [InlineData(502)]
    public async Task Every_message_is_one_sentence(int status)
    {
        var error = await FailWith(new ScriptedReply(status, """{"message":"Something happened."}"""), maxRetries: 0);

        Assert.DoesNotContain('\n', error.Message);
        Assert.EndsWith(".", error.Message);
        Assert.DoesNotContain(". ", error.Message.TrimEnd('.'));
    }

    private async Task<ApiCallException> FailWith(ScriptedReply reply, int maxRetries = 3)
    {
        _replies.Reply(reply);
        using var transport = Transports.For(_backend.BaseAddress, maxRetries: maxRetries);
        return await ApiErrors.CaptureAsync(() => transport.SendAsync(Transports.Get("/bots/1"), CancellationToken.None));
    }
}
