using Segnals.Mcp.Runtime.Callers;
using Segnals.Mcp.Runtime.Safety;
using Segnals.Mcp.Runtime.Tests.Testing;

namespace Segnals.Mcp.Runtime.Tests.Safety;

public sealed class ConfirmationTokensTests
{
    private const string Tool = "segnals_delete_bot";
    private const string Arguments = """{"bot_id":42}""";

    private static readonly ApiCaller Caller = Transports.Caller;

    private readonly ManualClock _clock = new();
    private readonly byte[] _secret = ConfirmationTokens.NewProcessSecret();

    [Fact]
    public void The_reported_expiry_is_the_one_signed_into_the_token()
    {
        _clock.Advance(TimeSpan.FromMilliseconds(999));
        var token = new ConfirmationTokens(_secret, _clock).Issue(Caller, Tool, Arguments, out var expiresAt);

        Assert.Equal(expiresAt.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), token.Split('.')[1]);
        Assert.InRange(expiresAt - _clock.GetUtcNow(), TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5));
    }

    [Fact]
    public async Task A_fresh_token_is_valid_once_then_already_used()
    {
        var tokens = new ConfirmationTokens(_secret, _clock);
        var token = tokens.Issue(Caller, Tool, Arguments);

        Assert.Equal(ConfirmationCheck.Valid, await tokens.VerifyAsync(Caller, token, Tool, Arguments, CancellationToken.None));
        Assert.Equal(ConfirmationCheck.AlreadyUsed, await tokens.VerifyAsync(Caller, token, Tool, Arguments, CancellationToken.None));
    }

    [Fact]
    public void The_token_has_the_documented_url_safe_shape()
    {
        var token = new ConfirmationTokens(_secret, _clock).Issue(Caller, Tool, Arguments);

        Assert.Matches(@"^v2\.[0-9]+\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$", token);
        Assert.Equal((_clock.GetUtcNow() + TimeSpan.FromMinutes(5)).ToUnixTimeSeconds().ToString(), token.Split('.')[1]);
    }

    [Fact]
    public void Each_token_is_different()
    {
        var tokens = new ConfirmationTokens(_secret, _clock);

        Assert.NotEqual(tokens.Issue(Caller, Tool, Arguments), tokens.Issue(Caller, Tool, Arguments));
    }

    [Fact]
    public async Task Altered_arguments_are_refused() => Assert.Equal(
        ConfirmationCheck.WrongToolOrArguments,
        await Fresh().VerifyAsync(Caller, Fresh().Issue(Caller, Tool, Arguments), Tool, """{"bot_id":43}""", CancellationToken.None));

    [Fact]
    public async Task Another_tool_is_refused()
    {
        var tokens = Fresh();

        Assert.Equal(ConfirmationCheck.WrongToolOrArguments, await tokens.VerifyAsync(Caller, tokens.Issue(Caller, Tool, Arguments), "segnals_control_bot", Arguments, CancellationToken.None));
    }

    [Fact]
    public async Task Another_key_is_refused()
    {
        var tokens = Fresh();
        var token = tokens.Issue(Caller, Tool, Arguments);
        var otherKey = new ApiCallers(loadKeyInfo: null).Local("sk_test_anotherKEY0123456789abcdef");

        Assert.Equal(ConfirmationCheck.WrongToolOrArguments, await tokens.VerifyAsync(otherKey, token, Tool, Arguments, CancellationToken.None));
        Assert.Equal(ConfirmationCheck.Valid, await tokens.VerifyAsync(Caller, token, Tool, Arguments, CancellationToken.None));
    }

    [Fact]
    public async Task A_refused_token_is_not_spent()
    {
        var tokens = Fresh();
        var token = tokens.Issue(Caller, Tool, Arguments);

        await tokens.VerifyAsync(Caller, token, Tool, """{"bot_id":43}""", CancellationToken.None);

        Assert.Equal(ConfirmationCheck.Valid, await tokens.VerifyAsync(Caller, token, Tool, Arguments, CancellationToken.None));
    }

    [Fact]
    public async Task A_token_expires_after_its_lifetime()
    {
        var tokens = new ConfirmationTokens(_secret, _clock, TimeSpan.FromMinutes(2));
        var token = tokens.Issue(Caller, Tool, Arguments);

        _clock.Advance(TimeSpan.FromMinutes(2));

        Assert.Equal(ConfirmationCheck.Expired, await tokens.VerifyAsync(Caller, token, Tool, Arguments, CancellationToken.None));
    }

    [Fact]
    public async Task A_token_is_valid_just_before_it_expires()
    {
        var tokens = new ConfirmationTokens(_secret, _clock, TimeSpan.FromMinutes(2));
        var token = tokens.Issue(Caller, Tool, Arguments);

        _clock.Advance(TimeSpan.FromMinutes(2) - TimeSpan.FromSeconds(1));

        Assert.Equal(ConfirmationCheck.Valid, await tokens.VerifyAsync(Caller, token, Tool, Arguments, CancellationToken.None));
    }

    [Fact]
    public async Task A_token_from_another_secret_is_refused() => Assert.Equal(
        ConfirmationCheck.WrongToolOrArguments,
        await Fresh().VerifyAsync(Caller, new ConfirmationTokens(ConfirmationTokens.NewProcessSecret(), _clock).Issue(Caller, Tool, Arguments), Tool, Arguments, CancellationToken.None));

    [Fact]
    public async Task Replicas_sharing_a_secret_and_replay_store_accept_each_others_tokens_once()
    {
        var store = new InMemoryConfirmationReplayStore(_clock);
        var issuer = new ConfirmationTokens(_secret, _clock, ConfirmationTokens.DefaultLifetime, store);
        var checker = new ConfirmationTokens(_secret, _clock, ConfirmationTokens.DefaultLifetime, store);
        var token = issuer.Issue(Caller, Tool, Arguments);

        Assert.Equal(ConfirmationCheck.Valid, await checker.VerifyAsync(Caller, token, Tool, Arguments, CancellationToken.None));
        Assert.Equal(ConfirmationCheck.AlreadyUsed, await issuer.VerifyAsync(Caller, token, Tool, Arguments, CancellationToken.None));
    }

    [Fact]
    public async Task A_pushed_out_expiry_breaks_the_signature()
    {
        var tokens = Fresh();
        var parts = tokens.Issue(Caller, Tool, Arguments).Split('.');
        parts[1] = (long.Parse(parts[1]) + 3600).ToString();

        Assert.Equal(ConfirmationCheck.WrongToolOrArguments, await tokens.VerifyAsync(Caller, string.Join('.', parts), Tool, Arguments, CancellationToken.None));
    }

    [Fact]
    public async Task A_tampered_mac_is_refused()
    {
        var tokens = Fresh();
        var token = tokens.Issue(Caller, Tool, Arguments);
        var flipped = token[..^2] + (token[^2] == 'A' ? 'B' : 'A') + token[^1];

        Assert.Equal(ConfirmationCheck.WrongToolOrArguments, await tokens.VerifyAsync(Caller, flipped, Tool, Arguments, CancellationToken.None));
    }

    [Theory]
    [InlineData(null, ConfirmationCheck.Missing)]
    [InlineData("", ConfirmationCheck.Missing)]
    [InlineData("   ", ConfirmationCheck.Missing)]
    [InlineData("yes", ConfirmationCheck.Malformed)]
    [InlineData("true", ConfirmationCheck.Malformed)]
    [InlineData("v1.1.2", ConfirmationCheck.Malformed)]
    [InlineData("v3.1767225600.AAAAAAAAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", ConfirmationCheck.Malformed)]
    [InlineData("v2.-5.AAAAAAAAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", ConfirmationCheck.Malformed)]
    [InlineData("v2.99999999999999999999.AAAAAAAAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", ConfirmationCheck.Malformed)]
    [InlineData("v2.1767225600.AAAA.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", ConfirmationCheck.Malformed)]
    [InlineData("v2.1767225600.AAAAAAAAAAAAAAAAAAAAAA.AAAA", ConfirmationCheck.Malformed)]
    [InlineData("v2.1767225600.AAAAAAAAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA+", ConfirmationCheck.Malformed)]
    [InlineData("v2.1767225600.AAAAAAAAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", ConfirmationCheck.WrongToolOrArguments)]
    public async Task Garbage_is_missing_malformed_or_wrong(string? token, ConfirmationCheck expected) =>
        Assert.Equal(expected, await Fresh().VerifyAsync(Caller, token, Tool, Arguments, CancellationToken.None));

    [Fact]
    public async Task A_non_canonical_base64_spelling_of_the_mac_is_malformed()
    {
        // The last character of a 32-byte base64url value carries 2 spare bits; changing them keeps the bytes.
        var tokens = Fresh();
        var token = tokens.Issue(Caller, Tool, Arguments);
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        var last = alphabet.IndexOf(token[^1]);
        var variant = token[..^1] + alphabet[last ^ 1];

        Assert.Equal(ConfirmationCheck.Malformed, await tokens.VerifyAsync(Caller, variant, Tool, Arguments, CancellationToken.None));
    }

    [Fact]
    public async Task The_tool_name_and_arguments_cannot_be_shifted_into_each_other()
    {
        var tokens = Fresh();
        var token = tokens.Issue(Caller, "ab", "c");

        Assert.Equal(ConfirmationCheck.WrongToolOrArguments, await tokens.VerifyAsync(Caller, token, "a", "bc", CancellationToken.None));
    }

    [Fact]
    public void A_short_secret_is_refused() =>
        Assert.Throws<ArgumentException>(() => new ConfirmationTokens(new byte[31], _clock));

    [Fact]
    public async Task The_secret_is_copied_so_later_changes_to_the_array_do_not_matter()
    {
        var secret = ConfirmationTokens.NewProcessSecret();
        var tokens = new ConfirmationTokens(secret, _clock);
        var token = tokens.Issue(Caller, Tool, Arguments);
        Array.Clear(secret);

        Assert.Equal(ConfirmationCheck.Valid, await tokens.VerifyAsync(Caller, token, Tool, Arguments, CancellationToken.None));
    }

    [Fact]
    public void New_process_secrets_are_32_random_bytes()
    {
        var first = ConfirmationTokens.NewProcessSecret();

        Assert.Equal(32, first.Length);
        Assert.NotEqual(Convert.ToBase64String(first), Convert.ToBase64String(ConfirmationTokens.NewProcessSecret()));
    }

    [Fact]
    public async Task A_token_binds_canonical_text_exactly()
    {
        var tokens = Fresh();
        var token = tokens.Issue(Caller, Tool, Arguments);

        Assert.Equal(ConfirmationCheck.WrongToolOrArguments, await tokens.VerifyAsync(Caller, token, Tool, Arguments + " ", CancellationToken.None));
    }

    private ConfirmationTokens Fresh() => new(_secret, _clock);
}
