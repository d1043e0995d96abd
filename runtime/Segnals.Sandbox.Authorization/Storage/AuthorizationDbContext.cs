using Microsoft.EntityFrameworkCore;

namespace Segnals.Sandbox.Authorization.Storage;

/// <summary>
/// The authorization server's tables in the sandbox database: OpenIddict's applications, authorizations, scopes and
/// tokens (its own EF Core stores, added by UseOpenIddict), plus what this server keeps itself: signing keys,
/// users' sign-in passwords and the API keys delegated through token exchange.
/// </summary>
internal sealed class AuthorizationDbContext(DbContextOptions<AuthorizationDbContext> options) : DbContext(options)
{
    public DbSet<ServerKey> ServerKeys => Set<ServerKey>();

    public DbSet<UserPassword> UserPasswords => Set<UserPassword>();

    public DbSet<DelegatedKey> DelegatedKeys => Set<DelegatedKey>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.Entity<ServerKey>(key =>
        {
            key.ToTable("OAuthServerKeys");
            key.HasKey(k => k.Id);
        });
        modelBuilder.Entity<UserPassword>(password =>
        {
            password.ToTable("OAuthUserPasswords");
            password.HasKey(p => p.Username);
        });
        modelBuilder.Entity<DelegatedKey>(delegated =>
        {
            delegated.ToTable("OAuthDelegatedKeys");
            delegated.HasKey(d => d.ApiKeyId);
            delegated.HasIndex(d => d.AuthorizationId);
        });
    }
}

/// <summary>A key the server signs tokens with (use "sig") or encrypts its own codes and refresh tokens with ("enc").</summary>
internal sealed class ServerKey
{
    public required string Id { get; set; }

    public required string Use { get; set; }

    /// <summary>PKCS#8 (RSA) or raw (AES) key material, base64. The sandbox keeps its secrets in its own file, as it does API key hashes.</summary>
    public required string Material { get; set; }

    public long CreatedAt { get; set; }

    /// <summary>Order of creation (the clock may stand still in tests): the highest active signing key signs.</summary>
    public long Generation { get; set; }

    /// <summary>When the key stopped being published and trusted; null while active.</summary>
    public long? RetiredAt { get; set; }
}

/// <summary>A sandbox user's sign-in password for the consent page, hashed (ASP.NET Core Identity's PBKDF2 format).</summary>
internal sealed class UserPassword
{
    public required string Username { get; set; }

    public required string Hash { get; set; }

    public long SetAt { get; set; }
}

/// <summary>An API key minted by token exchange, and the grant (OpenIddict authorization) it was minted from.</summary>
internal sealed class DelegatedKey
{
    public long ApiKeyId { get; set; }

    public required string AuthorizationId { get; set; }

    public required string ClientId { get; set; }

    public long ExpiresAt { get; set; }
}
