using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Server;
using Segnals.Sandbox.Authorization.Storage;

namespace Segnals.Sandbox.Authorization.Keys;

/// <summary>A signing key as the JWKS shows it.</summary>
public sealed record SigningKeyInfo(string KeyId, DateTimeOffset CreatedAt, bool SignsNewTokens);

/// <summary>
/// The server's keys, kept in the sandbox database: RSA keys that sign tokens (published in the JWKS) and one AES
/// key that encrypts the server's own authorization codes and refresh tokens. Generated on first start and reused
/// after; a new signing key can be added (it signs from then on, the old one stays published) and an old one retired
/// (no longer published or trusted). OpenIddict reads its options through IOptionsMonitor, so a change here signals
/// a new options snapshot rather than a restart.
/// </summary>
internal sealed class KeyRing : IOptionsChangeTokenSource<OpenIddictServerOptions>, IConfigureOptions<OpenIddictServerOptions>
{
    private const string SigningUse = "sig";
    private const string EncryptionUse = "enc";
    private readonly IServiceScopeFactory _scopes;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private CancellationTokenSource _changed = new();
    private Snapshot? _current;

    public KeyRing(IServiceScopeFactory scopes, TimeProvider time)
    {
        _scopes = scopes;
        _time = time;
    }

    public string Name => Options.DefaultName;

    public IChangeToken GetChangeToken()
    {
        lock (_gate)
        {
            return new CancellationChangeToken(_changed.Token);
        }
    }

    /// <summary>Loads the keys, generating the first ones when the database has none.</summary>
    public void Load()
    {
        using var scope = _scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AuthorizationDbContext>();
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var active = db.ServerKeys.Where(k => k.RetiredAt == null).ToList();
        if (!active.Any(k => k.Use == SigningUse))
        {
            var key = NewSigningKey(now, NextGeneration(db));
            db.ServerKeys.Add(key);
            active.Add(key);
        }
        if (!active.Any(k => k.Use == EncryptionUse))
        {
            var key = new ServerKey { Id = NewId(), Use = EncryptionUse, Material = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), CreatedAt = now };
            db.ServerKeys.Add(key);
            active.Add(key);
        }
        db.SaveChanges();
        Publish(active);
    }

    public IReadOnlyList<SigningKeyInfo> SigningKeys
    {
        get
        {
            var snapshot = Current;
            return snapshot.Signing.Select((k, i) => new SigningKeyInfo(k.KeyId, k.CreatedAt, i == 0)).ToArray();
        }
    }

    /// <summary>Adds a signing key that signs every token from now on; the others stay published until retired.</summary>
    public async Task<string> AddSigningKeyAsync()
    {
        using var scope = _scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AuthorizationDbContext>();
        var key = NewSigningKey(_time.GetUtcNow().ToUnixTimeMilliseconds(), NextGeneration(db));
        db.ServerKeys.Add(key);
        await db.SaveChangesAsync().ConfigureAwait(false);
        Publish(await db.ServerKeys.Where(k => k.RetiredAt == null).ToListAsync().ConfigureAwait(false));
        return key.Id;
    }

    /// <summary>Stops publishing and trusting a signing key. The last active one cannot be retired.</summary>
    public async Task RetireSigningKeyAsync(string keyId)
    {
        using var scope = _scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AuthorizationDbContext>();
        var active = await db.ServerKeys.Where(k => k.RetiredAt == null).ToListAsync().ConfigureAwait(false);
        var key = active.SingleOrDefault(k => k.Id == keyId && k.Use == SigningUse)
            ?? throw new InvalidOperationException($"No active signing key '{keyId}'.");
        if (active.Count(k => k.Use == SigningUse) == 1)
        {
            throw new InvalidOperationException("The last active signing key cannot be retired; add a new one first.");
        }
        key.RetiredAt = _time.GetUtcNow().ToUnixTimeMilliseconds();
        await db.SaveChangesAsync().ConfigureAwait(false);
        active.Remove(key);
        Publish(active);
    }

    public void Configure(OpenIddictServerOptions options)
    {
        var snapshot = Current;
        // Newest first: OpenIddict signs with the first credential (equal raw keys keep their order).
        foreach (var key in snapshot.Signing)
        {
            options.SigningCredentials.Add(new SigningCredentials(key.Key, SecurityAlgorithms.RsaSha256));
        }
        options.EncryptionCredentials.Add(new EncryptingCredentials(snapshot.Encryption, SecurityAlgorithms.Aes256KW, SecurityAlgorithms.Aes256CbcHmacSha512));
    }

    private Snapshot Current => Volatile.Read(ref _current) ?? throw new InvalidOperationException("The key ring has not been loaded.");

    private void Publish(IReadOnlyList<ServerKey> active)
    {
        var signing = active.Where(k => k.Use == SigningUse)
            .OrderByDescending(k => k.Generation)
            .Select(k => new LoadedSigningKey(k.Id, DateTimeOffset.FromUnixTimeMilliseconds(k.CreatedAt), LoadRsa(k)))
            .ToArray();
        var encryptionRow = active.Where(k => k.Use == EncryptionUse).OrderByDescending(k => k.Generation).First();
        var encryption = new SymmetricSecurityKey(Convert.FromBase64String(encryptionRow.Material)) { KeyId = encryptionRow.Id };
        CancellationTokenSource previous;
        lock (_gate)
        {
            Volatile.Write(ref _current, new Snapshot(signing, encryption));
            previous = _changed;
            _changed = new CancellationTokenSource();
        }
        previous.Cancel();
        previous.Dispose();
    }

    private static RsaSecurityKey LoadRsa(ServerKey row)
    {
        var rsa = RSA.Create();
        rsa.ImportPkcs8PrivateKey(Convert.FromBase64String(row.Material), out _);
        return new RsaSecurityKey(rsa) { KeyId = row.Id };
    }

    private static ServerKey NewSigningKey(long now, long generation)
    {
        using var rsa = RSA.Create(2048);
        return new ServerKey { Id = NewId(), Use = SigningUse, Material = Convert.ToBase64String(rsa.ExportPkcs8PrivateKey()), CreatedAt = now, Generation = generation };
    }

    private static long NextGeneration(AuthorizationDbContext db) => (db.ServerKeys.Max(k => (long?)k.Generation) ?? 0) + 1;

    private static string NewId() => "segnals-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));

    private sealed record LoadedSigningKey(string KeyId, DateTimeOffset CreatedAt, RsaSecurityKey Key);

    private sealed record Snapshot(IReadOnlyList<LoadedSigningKey> Signing, SymmetricSecurityKey Encryption);
}
