using Microsoft.EntityFrameworkCore;
using Segnals.Sandbox.Authorization.Storage;

namespace Segnals.Sandbox.Authorization.Tokens;

/// <summary>
/// The sandbox API keys minted by token exchange: one user's key, holding exactly the grant's scopes, expiring with
/// the token it was exchanged for (or sooner), labelled as delegated, and tied to the grant so that revoking the
/// grant revokes them too.
/// </summary>
internal sealed class DelegatedKeys(AuthorizationDbContext db, SandboxAccounts accounts)
{
    public async Task<IssuedKey> MintAsync(SandboxUser user, IReadOnlyList<string> scopes, DateTimeOffset expiresAt, string authorizationId, string clientId, CancellationToken ct)
    {
        var label = $"OAuth delegated to {clientId} (grant {authorizationId[..Math.Min(8, authorizationId.Length)]})";
        var key = await accounts.CreateKeyAsync(user.Id, scopes, label, expiresAt).ConfigureAwait(false);
        db.DelegatedKeys.Add(new DelegatedKey { ApiKeyId = key.Id, AuthorizationId = authorizationId, ClientId = clientId, ExpiresAt = expiresAt.ToUnixTimeMilliseconds() });
        await db.SaveChangesAsync(ct).ConfigureAwait(false);
        return key;
    }

    /// <summary>Revokes every key minted from the grant; returns how many were still active.</summary>
    public async Task<int> RevokeForGrantAsync(string authorizationId, CancellationToken ct)
    {
        var ids = await db.DelegatedKeys.Where(d => d.AuthorizationId == authorizationId).Select(d => d.ApiKeyId).ToListAsync(ct).ConfigureAwait(false);
        return ids.Count == 0 ? 0 : await accounts.RevokeKeysAsync(ids).ConfigureAwait(false);
    }
}
