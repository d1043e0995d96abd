using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Segnals.Sandbox.Authorization.Storage;

namespace Segnals.Sandbox.Authorization.Interaction;

/// <summary>
/// Sign-in passwords for sandbox users. A password is generated (never chosen), shown once to whoever set it
/// (the CLI prints it), and kept only as ASP.NET Core Identity's salted PBKDF2 hash.
/// </summary>
internal sealed class UserPasswords(AuthorizationDbContext db, SandboxAccounts accounts)
{
    private const string Alphabet = "abcdefghijkmnpqrstuvwxyz23456789";
    private static readonly PasswordHasher<string> Hasher = new();

    /// <summary>Gives an existing user a new password and returns it (e.g. "k7dq2-mxr4p-a9vce-3hwtn").</summary>
    public async Task<string> SetNewAsync(string username, CancellationToken ct)
    {
        var user = await accounts.FindUserAsync(username).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"No sandbox user '{username}'.");
        var password = string.Join('-', Enumerable.Range(0, 4).Select(_ => RandomNumberGenerator.GetString(Alphabet, 5)));
        var hash = Hasher.HashPassword(user.Username, password);
        var now = accounts.Time.GetUtcNow().ToUnixTimeMilliseconds();
        if (await db.UserPasswords.FindAsync([user.Username], ct).ConfigureAwait(false) is { } existing)
        {
            existing.Hash = hash;
            existing.SetAt = now;
        }
        else
        {
            db.UserPasswords.Add(new UserPassword { Username = user.Username, Hash = hash, SetAt = now });
        }
        await db.SaveChangesAsync(ct).ConfigureAwait(false);
        return password;
    }

    /// <summary>The user when the password is theirs; null for an unknown user, no password yet or a wrong one.</summary>
    public async Task<SandboxUser?> VerifyAsync(string username, string password, CancellationToken ct)
    {
        var stored = await db.UserPasswords.AsNoTracking().SingleOrDefaultAsync(p => p.Username == username, ct).ConfigureAwait(false);
        if (stored is null)
        {
            // Same work as a real check, so timing does not tell which user names have a password.
            Hasher.VerifyHashedPassword(username, DummyHash.Value, password);
            return null;
        }
        if (Hasher.VerifyHashedPassword(stored.Username, stored.Hash, password) == PasswordVerificationResult.Failed)
        {
            return null;
        }
        return await accounts.FindUserAsync(stored.Username).ConfigureAwait(false);
    }

    private static readonly Lazy<string> DummyHash = new(() => Hasher.HashPassword("-", RandomNumberGenerator.GetHexString(20)));
}
