using Segnals.Mcp.Runtime.Http;
using Segnals.Mcp.Runtime.Tests.Testing;
using Segnals.Testing;

namespace Segnals.Mcp.Runtime.Tests.Http;

/// <summary>An answer body is read only up to the configured bound; a longer one fails the call instead of filling memory.</summary>
public sealed class ResponseSizeTests : IAsyncLifetime
{
    private const int Bound = 4096;

    private readonly ReplySequence _replies = new();
    private ScriptedBackend _backend = null!;

    public async Task InitializeAsync() => _backend = await ScriptedBackend.StartAsync(_replies.AnswerAsync, TestKeys.ApiKey);

    public async Task DisposeAsync() => await _backend.DisposeAsync();

    [Fact]
    public async Task An_answer_at_the_bound_is_read_whole()
    {
        var body = JsonOfLength(Bound);
        _replies.Reply(new ScriptedReply(200, body));
        using var transport = Transports.For(_backend.BaseAddress, maxAnswerBytes: Bound);

        var response = await transport.SendAsync(Transports.Get("/bots/"), CancellationToken.None);

        Assert.Equal(Bound - Envelope.Length, response.Body.GetProperty("pad").GetString()!.Length);
    }

    [Fact]
    public async Task A_longer_answer_fails_once_with_a_sentence_and_is_not_retried()
    {
        _replies.Reply(new ScriptedReply(200, JsonOfLength(Bound + 1)));
        using var transport = Transports.For(_backend.BaseAddress, maxAnswerBytes: Bound);

        var error = await ApiErrors.CaptureAsync(() => transport.SendAsync(Transports.Get("/bots/"), CancellationToken.None));

        Assert.Equal(ApiErrorKind.InvalidResponse, error.Kind);
        Assert.StartsWith("The Segnals API's answer was larger than the 4096 bytes this server reads, so it was dropped unread", error.Message, StringComparison.Ordinal);
        Assert.Single(_backend.Requests);
    }

    [Fact]
    public async Task A_long_error_body_is_bounded_too()
    {
        _replies.Reply(new ScriptedReply(500, JsonOfLength(Bound * 4)));
        using var transport = Transports.For(_backend.BaseAddress, maxRetries: 0, maxAnswerBytes: Bound);

        var error = await ApiErrors.CaptureAsync(() => transport.SendAsync(Transports.Get("/bots/"), CancellationToken.None));

        Assert.Equal(ApiErrorKind.InvalidResponse, error.Kind);
    }

    [Fact]
    public async Task A_head_answer_declaring_a_length_has_no_body_to_read()
    {
        // A HEAD answer states the length a GET would have, and sends nothing after the headers.
        var body = JsonOfLength(Bound / 2);
        _replies.Reply(new ScriptedReply(200, body, new Dictionary<string, string> { ["Content-Length"] = body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) }));
        using var transport = Transports.For(_backend.BaseAddress, maxAnswerBytes: Bound);

        var response = await transport.SendAsync(new PipelineCall(Transports.Caller, HttpMethod.Head, "/bots/", null), CancellationToken.None);

        Assert.Equal(System.Text.Json.JsonValueKind.Undefined, response.Body.ValueKind);
        Assert.Single(_backend.Requests);
    }

    private const string Envelope = "{\"pad\":\"\"}";

    /// <summary>{"pad":"xxx…"}, exactly <paramref name="length"/> bytes.</summary>
    private static string JsonOfLength(int length) => "{\"pad\":\"" + new string('x', length - Envelope.Length) + "\"}";
}
