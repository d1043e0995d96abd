using Segnals.Mcp.Runtime.Http;
using Segnals.Mcp.Runtime.Tests.Testing;
using Segnals.Testing;

namespace Segnals.Mcp.Runtime.Tests.Http;

/// <summary>A connection that drops after the request arrived: a read may try again, a write may already have happened.</summary>
public sealed class BrokenConnectionTests : IAsyncLifetime
{
    private static readonly ScriptedReply Dropped = new(0, Abort: true);

    private readonly ReplySequence _replies = new();
    private ScriptedBackend _backend = null!;

    public async Task InitializeAsync() => _backend = await ScriptedBackend.StartAsync(_replies.AnswerAsync, TestKeys.ApiKey);

    public async Task DisposeAsync() => await _backend.DisposeAsync();

    [Fact]
    public async Task A_get_whose_connection_drops_is_retried()
    {
        _replies.Reply(Dropped, new ScriptedReply(200, """{"ok":true}"""));
        using var transport = Transports.For(_backend.BaseAddress);

        var response = await transport.SendAsync(Transports.Get("/bots/"), CancellationToken.None);

        Assert.True(response.Body.GetProperty("ok").GetBoolean());
        Assert.Equal(2, _backend.Requests.Count);
    }

    [Fact]
    public async Task A_post_whose_connection_drops_is_sent_once_and_the_message_says_it_may_have_been_applied()
    {
        _replies.Reply(Dropped, new ScriptedReply(200, "{}"));
        using var transport = Transports.For(_backend.BaseAddress);

        var error = await ApiErrors.CaptureAsync(() => transport.SendAsync(Transports.Post("/bots/1/control"), CancellationToken.None));

        Assert.Single(_backend.Requests);
        Assert.Equal(ApiErrorKind.Unreachable, error.Kind);
        Assert.Contains("broke before a whole answer arrived", error.Message);
        Assert.Contains("NOT retried", error.Message);
    }
}
