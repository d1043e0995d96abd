using System.Security.Cryptography;
using System.Text;
using Segnals.Sandbox.Storage;

namespace Segnals.Sandbox.Accounts;

/// <summary>The authenticated caller: the key and the user it belongs to.</summary>
internal sealed record Caller(
    long KeyId,
    long UserId,
    string Username,
    string Tier,
    string Label,
    string Prefix,
    string Scopes,
    int ScopeMask,
    long CreatedAt,
    long? ExpiresAt,
    int RateLimitPerMinute)
{
    public bool Has(int scopeBit) => (ScopeMask & scopeBit) == scopeBit;
}

/// <summary>Why a presented key was refused.</summary>
internal enum KeyRejection
{
    None,
    Unknown,
    Revoked,
    Expired,
}

/// <summary>
/// API keys: <c>sk_test_</c> + 32 random characters of [A-Za-z0-9_-]. Only the SHA-256 (hex) and a
/// 12-character display prefix are stored; the plaintext exists once, in the creator's hands.
/// </summary>
internal static class ApiKeys
{
    public const string TestPrefix = "sk_test_";
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";
    private const int PrefixLength = 12;

    public static string Generate() => TestPrefix + RandomNumberGenerator.GetString(Alphabet, 32);

    public static string Hash(string key)
    {
        Span<byte> utf8 = stackalloc byte[256];
        var length = Encoding.UTF8.GetBytes(key, utf8);
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(utf8[..length], digest);
        return Convert.ToHexStringLower(digest);
    }

    /// <summary>Shape check before any lookup: sk_live_ or sk_test_ and 16+ URL-safe characters.</summary>
    public static bool LooksLikeKey(ReadOnlySpan<char> key)
    {
        if (key.Length > 200 || !(key.StartsWith("sk_test_", StringComparison.Ordinal) || key.StartsWith("sk_live_", StringComparison.Ordinal)))
        {
            return false;
        }
        var rest = key[8..];
        if (rest.Length < 16)
        {
            return false;
        }
        foreach (var c in rest)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_' || c == '-'))
            {
                return false;
            }
        }
        return true;
    }

    public static string Create(Db db, long userId, string scopes, string label, long createdAt, long? expiresAt, int rateLimit) =>
        CreateIssued(db, userId, scopes, label, createdAt, expiresAt, rateLimit).Key;

    public static IssuedKey CreateIssued(Db db, long userId, string scopes, string label, long createdAt, long? expiresAt, int rateLimit)
    {
        var key = Generate();
        var id = db.Insert(
            "INSERT INTO api_keys (user_id, hash, prefix, label, scopes, created_at, expires_at, rate_limit) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            userId, Hash(key), key[..PrefixLength], label, scopes, createdAt, expiresAt, rateLimit);
        return new IssuedKey(id, key);
    }

    public static (Caller? Caller, KeyRejection Rejection) Authenticate(Db db, string key, long nowMs)
    {
        using var reader = db.Query(
            """
            SELECT k.id, k.user_id, u.username, u.tier, k.label, k.prefix, k.scopes, k.created_at, k.expires_at, k.revoked_at, k.rate_limit
            FROM api_keys k JOIN users u ON u.id = k.user_id WHERE k.hash = $1
            """,
            Hash(key));
        if (!reader.Read())
        {
            return (null, KeyRejection.Unknown);
        }
        if (!reader.IsDBNull(9))
        {
            return (null, KeyRejection.Revoked);
        }
        var expiresAt = reader.GetInt64OrNull(8);
        if (expiresAt is { } expiry && expiry <= nowMs)
        {
            return (null, KeyRejection.Expired);
        }
        var scopes = reader.GetString(6);
        return (new Caller(
            KeyId: reader.GetInt64(0),
            UserId: reader.GetInt64(1),
            Username: reader.GetString(2),
            Tier: reader.GetString(3),
            Label: reader.GetString(4),
            Prefix: reader.GetString(5),
            Scopes: scopes,
            ScopeMask: Scopes.Mask(scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries)),
            CreatedAt: reader.GetInt64(7),
            ExpiresAt: expiresAt,
            RateLimitPerMinute: (int)reader.GetInt64(10)), KeyRejection.None);
    }

    /// <summary>Revokes by numeric key id, by the whole key, or by display prefix (when it is unambiguous); returns how many keys were revoked.</summary>
    public static int Revoke(Db db, string keyIdOrPrefix, long nowMs)
    {
        if (long.TryParse(keyIdOrPrefix, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id))
        {
            return db.Execute("UPDATE api_keys SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL", id, nowMs);
        }
        if (keyIdOrPrefix.Length > PrefixLength && LooksLikeKey(keyIdOrPrefix))
        {
            // A whole key was given: revoke exactly that one.
            return db.Execute("UPDATE api_keys SET revoked_at = $2 WHERE hash = $1 AND revoked_at IS NULL", Hash(keyIdOrPrefix), nowMs);
        }
        var prefix = keyIdOrPrefix;
        var matching = db.ScalarLong("SELECT COUNT(*) FROM api_keys WHERE prefix = $1 AND revoked_at IS NULL", prefix);
        if (matching > 1)
        {
            throw new InvalidOperationException($"Prefix '{prefix}' matches {matching} keys; revoke by key id instead.");
        }
        return db.Execute("UPDATE api_keys SET revoked_at = $2 WHERE prefix = $1 AND revoked_at IS NULL", prefix, nowMs);
    }
}
