using Segnals.Mcp.Server.Tests.Infrastructure;
using Segnals.Testing;
using Xunit;

namespace Segnals.Mcp.Server.Tests.Faults;

/// <summary>
/// A redirect to another host is never followed, so the key goes nowhere but SEGNALS_API_BASE: a second
/// loopback server, the redirect's target, records every connection and proves nothing reached it.
/// </summary>
public sealed class RedirectTests
{
    public static TheoryData<int, string> Redirects => new()
    {
        { 302, "GET" },
        { 307, "GET" },
        { 308, "POST" },
        { 307, "POST" },
    };

    [Theory]
    [MemberData(nameof(Redirects))]
    public async Task A_redirect_to_another_host_is_not_followed_and_the_key_never_leaves_the_api_base(int status, string method)
    {
        var call = method == "GET" ? ApiCall.Read : ApiCall.Write;
        await using var elsewhere = await FaultyBackend.StartAsync((_, wire) => wire.AnswerAsync(200, """{"bots":[],"msg":"followed"}"""));
        await using var backend = await FaultyBackend.StartAsync(
            (request, wire) => request.Path == call.Path
                ? wire.AnswerAsync(status, "", "text/plain", ("Location", new Uri(elsewhere.BaseAddress + call.Path).ToString()))
                : Task.FromResult(false),
            key: elsewhere.Key);
        await using var session = await ServerSession.StartAsync(backend.Environment());

        var outcome = await call.InvokeAsync(session);

        Assert.Equal(
            $"The Segnals API answered with a redirect (HTTP {status}), which this server does not follow; check that SEGNALS_API_BASE is the API's exact address.",
            outcome.Error);
        Sentence.AssertOne(outcome.Error);
        Assert.Single(backend.Seen(call.Method, call.Path));
        Assert.Equal(0, elsewhere.Connections);
        Assert.Empty(elsewhere.Requests);
        Assert.All(backend.Requests, request => Assert.True(request.BearerMatched));
    }
}
