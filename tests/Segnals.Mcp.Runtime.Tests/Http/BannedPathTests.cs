using Segnals.Mcp.Runtime.Http;
using Segnals.Mcp.Runtime.Tests.Testing;
using Segnals.Testing;

namespace Segnals.Mcp.Runtime.Tests.Http;

/// <summary>Fund-moving and administrative paths are refused before anything is sent, however they are spelled.</summary>
public sealed class BannedPathTests : IAsyncLifetime
{
    private static readonly string[] Banned = ["/wallet", "/admin/"];

    private readonly ReplySequence _replies = new();
    private ScriptedBackend _backend = null!;

    public async Task InitializeAsync() => _backend = await ScriptedBackend.StartAsync(_replies.AnswerAsync, TestKeys.ApiKey);

    public async Task DisposeAsync() => await _backend.DisposeAsync();

    [Theory]
    [InlineData("/wallet/withdraw")]
    [InlineData("/wallet")]
    [InlineData("/WALLET/Withdraw")]
    [InlineData("/wallets")]
    [InlineData("/wallet?amount=10")]
    [InlineData("//wallet/withdraw")]
    [InlineData("/./wallet")]
    [InlineData("/bots/1/../../wallet/withdraw")]
    [InlineData("/bots/%2e%2e/wallet")]
    [InlineData("/bots/%2E%2E/WALLET")]
    [InlineData("/bots/%252e%252e/wallet")]
    [InlineData("/bots%2F..%2Fwallet")]
    [InlineData("/bots\\..\\wallet")]
    [InlineData("/%77allet")]
    [InlineData("/admin")]
    [InlineData("/admin/users")]
    [InlineData("/Admin;jsessionid=1/users")]
    [InlineData("/../bots")]
    [InlineData("/bots/../../api/bots")]
    public async Task A_banned_path_is_refused_and_nothing_is_sent(string path)
    {
        using var transport = Transports.For(_backend.BaseAddress, bannedPathPrefixes: Banned);

        var error = await ApiErrors.CaptureAsync(() => transport.SendAsync(Transports.Get(path), CancellationToken.None));

        Assert.Equal(ApiErrorKind.BannedPath, error.Kind);
        Assert.Contains("nothing was sent", error.Message);
        Assert.Empty(_backend.Requests);
    }

    [Fact]
    public async Task A_banned_post_is_refused_too()
    {
        using var transport = Transports.For(_backend.BaseAddress, bannedPathPrefixes: Banned);

        await ApiErrors.CaptureAsync(() => transport.SendAsync(Transports.Post("/wallet/transfer"), CancellationToken.None));

        Assert.Empty(_backend.Requests);
    }

    [Theory]
    [InlineData("/bots/1")]
    [InlineData("/administrator")]
    [InlineData("/bots/1/../2")]
    [InlineData("/marketplace?query=wallet")]
    public async Task Other_paths_are_sent(string path)
    {
        using var transport = Transports.For(_backend.BaseAddress, bannedPathPrefixes: Banned);

        await transport.SendAsync(Transports.Get(path), CancellationToken.None);

        Assert.Single(_backend.Requests);
    }

    [Fact]
    public async Task Refused_calls_do_not_spend_the_rate_budget()
    {
        using var transport = Transports.For(_backend.BaseAddress, rateLimitPerMinute: 1, bannedPathPrefixes: Banned, time: new ManualClock());

        await ApiErrors.CaptureAsync(() => transport.SendAsync(Transports.Get("/wallet"), CancellationToken.None));
        await transport.SendAsync(Transports.Get("/bots/"), CancellationToken.None);

        Assert.Single(_backend.Requests);
    }

    [Theory]
    [InlineData("/bots/%2e%2e/x", "/x")]
    [InlineData("//a///b/", "/a/b")]
    [InlineData("/A/./B/../C", "/a/c")]
    public void Paths_are_compared_in_a_normal_form(string path, string normal) =>
        Assert.Equal(normal, BannedPathGuard.Normalise(path, keepTrailingSlash: false));
}
