using System.Buffers.Binary;
using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Segnals.Mcp.Runtime.Callers;

namespace Segnals.Mcp.Runtime.Safety;

/// <summary>
/// Issues and checks the tokens that confirm a ✋ tool: "v2.&lt;expiryUnixSeconds&gt;.&lt;nonce&gt;.&lt;mac&gt;",
/// where the HMAC-SHA256 covers the caller's key, the tool, its canonical arguments, the expiry and the
/// nonce: a token confirms one action for the one key that previewed it. No server state is needed to
/// check one (replicas sharing the secret agree), except the replay set that makes each token single-use.
/// </summary>
public sealed class ConfirmationTokens
{
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromMinutes(5);

    private const string Version = "v2";
    private const int SecretBytes = 32;
    private const int NonceBytes = 16;
    private const int MacBytes = 32;

    private readonly byte[] _secret;
    private readonly TimeProvider _time;
    private readonly TimeSpan _lifetime;
    private readonly IConfirmationReplayStore _replayStore;

    public ConfirmationTokens(byte[] secret, TimeProvider time)
        : this(secret, time, DefaultLifetime)
    {
    }

    /// <param name="secret">At least 32 bytes; copied.</param>
    /// <param name="time">The clock for expiry.</param>
    /// <param name="lifetime">How long a preview's token stays usable.</param>
    /// <param name="replayStore">Where spent nonces are remembered; in memory by default.</param>
    public ConfirmationTokens(byte[] secret, TimeProvider time, TimeSpan lifetime, IConfirmationReplayStore? replayStore = null)
    {
        ArgumentNullException.ThrowIfNull(secret);
        ArgumentNullException.ThrowIfNull(time);
        if (secret.Length < SecretBytes)
        {
            throw new ArgumentException($"The confirmation secret must be at least {SecretBytes} bytes.", nameof(secret));
        }

        // Whole seconds, because the expiry is carried in seconds.
        ArgumentOutOfRangeException.ThrowIfLessThan(lifetime, TimeSpan.FromSeconds(1));

        _secret = (byte[])secret.Clone();
        _time = time;
        _lifetime = lifetime;
        _replayStore = replayStore ?? new InMemoryConfirmationReplayStore(time);
    }

    /// <summary>A fresh random secret, for a single process whose tokens need not survive it.</summary>
    public static byte[] NewProcessSecret() => RandomNumberGenerator.GetBytes(SecretBytes);

    public string Issue(ApiCaller caller, string toolName, string canonicalArguments) => Issue(caller, toolName, canonicalArguments, out _);

    /// <summary>Issues a token and says the expiry signed into it (whole seconds), so callers show that one.</summary>
    public string Issue(ApiCaller caller, string toolName, string canonicalArguments, out DateTimeOffset expiresAt)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(toolName);
        ArgumentNullException.ThrowIfNull(canonicalArguments);

        var expiry = (_time.GetUtcNow() + _lifetime).ToUnixTimeSeconds();
        expiresAt = DateTimeOffset.FromUnixTimeSeconds(expiry);
        var nonce = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(NonceBytes));
        var mac = Base64Url.EncodeToString(ComputeMac(caller, toolName, canonicalArguments, expiry, nonce));
        return string.Join('.', Version, expiry.ToString(CultureInfo.InvariantCulture), nonce, mac);
    }

    /// <summary>Checks the token for this caller, tool and arguments; a valid token is spent by this call.</summary>
    /// <exception cref="ConfirmationStoreUnavailableException">The replay store cannot be reached.</exception>
    public async ValueTask<ConfirmationCheck> VerifyAsync(ApiCaller caller, string? token, string toolName, string canonicalArguments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(toolName);
        ArgumentNullException.ThrowIfNull(canonicalArguments);

        if (string.IsNullOrWhiteSpace(token))
        {
            return ConfirmationCheck.Missing;
        }

        if (!TryParse(token.Trim(), out var expiry, out var nonce, out var presentedMac))
        {
            return ConfirmationCheck.Malformed;
        }

        // Signature first: an altered expiry or nonce must not be reported as anything but a bad token.
        var expectedMac = ComputeMac(caller, toolName, canonicalArguments, expiry, nonce);
        if (!CryptographicOperations.FixedTimeEquals(expectedMac, presentedMac))
        {
            return ConfirmationCheck.WrongToolOrArguments;
        }

        var expiresAt = DateTimeOffset.FromUnixTimeSeconds(expiry);
        if (_time.GetUtcNow() >= expiresAt)
        {
            return ConfirmationCheck.Expired;
        }

        return await _replayStore.TryMarkUsedAsync(nonce, expiresAt, cancellationToken).ConfigureAwait(false) ? ConfirmationCheck.Valid : ConfirmationCheck.AlreadyUsed;
    }

    private static bool TryParse(string token, out long expiry, out string nonce, out byte[] mac)
    {
        expiry = 0;
        nonce = "";
        mac = [];

        var parts = token.Split('.');
        if (parts.Length != 4 || parts[0] != Version)
        {
            return false;
        }

        // Digits only, and an expiry DateTimeOffset can represent.
        if (parts[1].Length is 0 or > 12 || !parts[1].All(char.IsAsciiDigit) ||
            !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out expiry) ||
            expiry > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            return false;
        }

        if (!TryDecode(parts[2], NonceBytes, out _) || !TryDecode(parts[3], MacBytes, out var decodedMac))
        {
            return false;
        }

        nonce = parts[2];
        mac = decodedMac;
        return true;
    }

    private static bool TryDecode(string text, int expectedBytes, out byte[] bytes)
    {
        bytes = [];
        if (!Base64Url.IsValid(text, out var length) || length != expectedBytes)
        {
            return false;
        }

        bytes = Base64Url.DecodeFromChars(text);

        // One token must have exactly one spelling, or a replayed token could pass as new text. Base64Url already
        // rejects padding and set spare bits; re-encoding keeps that guarantee here rather than in a library detail.
        return Base64Url.EncodeToString(bytes) == text;
    }

    /// <summary>Each part is length-prefixed, so no choice of key, tool name or arguments can collide with another.</summary>
    private byte[] ComputeMac(ApiCaller caller, string toolName, string canonicalArguments, long expiry, string nonce)
    {
        using var message = new MemoryStream();
        WritePart(message, Version);

        // The key itself rather than its label: the stdio caller's label is the same for every key, and
        // inside the HMAC the key is as safe as the secret is.
        WritePart(message, caller.ApiKey);
        WritePart(message, toolName);
        WritePart(message, canonicalArguments);
        WritePart(message, expiry.ToString(CultureInfo.InvariantCulture));
        WritePart(message, nonce);
        return HMACSHA256.HashData(_secret, message.ToArray());
    }

    private static void WritePart(Stream message, string part)
    {
        var bytes = Encoding.UTF8.GetBytes(part);
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, bytes.Length);
        message.Write(length);
        message.Write(bytes);
    }
}
