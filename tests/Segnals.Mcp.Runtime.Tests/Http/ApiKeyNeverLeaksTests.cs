using System.Net;
using System.Net.Sockets;
using Segnals.Mcp.Runtime.Callers;
using Segnals.Mcp.Runtime.Http;
using Segnals.Mcp.Runtime.Tests.Testing;
using Segnals.Testing;

namespace Segnals.Mcp.Runtime.Tests.Http;

/// <summary>
/// Produces every kind of error the transport can raise, including from a hostile server that echoes
/// the key back, and scans each message, ToString and server-supplied field for the key.
/// (Every other transport test also checks each error it catches, through <see cref="ApiErrors"/>.)
/// </summary>
public sealed class ApiKeyNeverLeaksTests : IAsyncLifetime
{
    private readonly ReplySequence _replies = new();
    private ScriptedBackend _backend = null!;

    public async Task InitializeAsync() => _backend = await ScriptedBackend.StartAsync(_replies.AnswerAsync, TestKeys.ApiKey);

    public async Task DisposeAsync() => await _backend.DisposeAsync();

    public static TheoryData<int> EchoingStatuses => [200, 302, 400, 401, 403, 404, 409, 418, 422, 429, 500, 503];

    [Theory]
    [MemberData(nameof(EchoingStatuses))]
    public async Task A_server_that_echoes_the_key_cannot_get_it_into_an_error(int status)
    {
        var echo = $$"""{"message":"bad key {{TestKeys.ApiKey}}","required":"{{TestKeys.ApiKey}}","field":"{{TestKeys.ApiKey}}"}""";
        _replies.Reply(new ScriptedReply(status, status == 200 ? "not json " + TestKeys.ApiKey : echo, ContentType: "text/plain"));
        using var transport = Transports.For(_backend.BaseAddress, maxRetries: 0);

        var error = await ApiErrors.CaptureAsync(() => transport.SendAsync(Transports.Post("/bots/create"), CancellationToken.None));

        Assert.NotEmpty(error.Message);
    }

    [Fact]
    public async Task Every_kind_of_error_is_free_of_the_key()
    {
        var seen = new HashSet<ApiErrorKind>();
        async Task Produce(Func<Task> call) => seen.Add((await ApiErrors.CaptureAsync(call)).Kind);

        foreach (var status in new[] { 401, 403, 404, 409, 422, 429, 500 })
        {
            _replies.Reply(new ScriptedReply(status, """{"message":"x","required":"read:bots","field":"f"}"""));
            using var transport = Transports.For(_backend.BaseAddress, maxRetries: 0);
            await Produce(() => transport.SendAsync(Transports.Get("/bots/1"), CancellationToken.None));
        }

        _replies.Reply(new ScriptedReply(200, "nope", ContentType: "text/plain"));
        using (var transport = Transports.For(_backend.BaseAddress))
        {
            await Produce(() => transport.SendAsync(Transports.Get("/bots/1"), CancellationToken.None));
        }

        _replies.Reply(new ScriptedReply(200, "{}", Delay: TimeSpan.FromSeconds(10)));
        using (var transport = Transports.For(_backend.BaseAddress, maxRetries: 0, timeout: TimeSpan.FromMilliseconds(200)))
        {
            await Produce(() => transport.SendAsync(Transports.Get("/bots/1"), CancellationToken.None));
        }

        using (var transport = Transports.For(_backend.BaseAddress, rateLimitPerMinute: 1, bannedPathPrefixes: ["/wallet"], time: new ManualClock()))
        {
            await Produce(() => transport.SendAsync(Transports.Get("/wallet"), CancellationToken.None));
            _replies.Reply(new ScriptedReply(200, "{}"));
            await transport.SendAsync(Transports.Get("/bots/1"), CancellationToken.None);
            await Produce(() => transport.SendAsync(Transports.Get("/bots/1"), CancellationToken.None));
        }

        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var closedPort = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using (var transport = Transports.For(new Uri($"http://127.0.0.1:{closedPort}/api"), maxRetries: 0))
        {
            await Produce(() => transport.SendAsync(Transports.Get("/bots/1"), CancellationToken.None));
        }

        Assert.Equal(Enum.GetValues<ApiErrorKind>().ToHashSet(), seen);
    }

    [Fact]
    public void A_key_that_cannot_be_sent_is_refused_without_quoting_it()
    {
        var unsendable = TestKeys.ApiKey + "\nX-Evil: 1";

        var error = Assert.Throws<ArgumentException>(() => new ApiCallers(loadKeyInfo: null).ForKey(unsendable));

        Assert.DoesNotContain(TestKeys.SecretPart, error.ToString());
    }
}
