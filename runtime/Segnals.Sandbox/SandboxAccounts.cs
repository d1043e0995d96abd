using Segnals.Sandbox.Accounts;

namespace Segnals.Sandbox;

/// <summary>A sandbox user as an extension sees it.</summary>
public sealed record SandboxUser(long Id, string Username);

/// <summary>A key just created: its id (for revocation) and its plaintext, which exists only here.</summary>
public sealed record IssuedKey(long Id, string Key)
{
    /// <summary>Never the key itself.</summary>
    public override string ToString() => $"IssuedKey {{ Id = {Id} }}";
}

/// <summary>An API scope and what it allows, in plain words.</summary>
public sealed record SandboxScope(string Name, string Description);

/// <summary>
/// What an <see cref="ISandboxExtension"/> may do with the sandbox's accounts: look users up, create and revoke
/// keys. It is the extension's only door into the sandbox's data, and it reaches the data through the same store
/// and clock as the API.
/// </summary>
public sealed class SandboxAccounts
{
    private readonly SandboxServices _services;
    private Uri? _origin;

    internal SandboxAccounts(SandboxServices services) => _services = services;

    /// <summary>The sandbox's origin, e.g. http://127.0.0.1:41234 (no path, no trailing slash); known once it listens.</summary>
    public Uri Origin => _origin ?? throw new InvalidOperationException("The sandbox is not listening yet.");

    /// <summary>The API base, e.g. http://127.0.0.1:41234/api.</summary>
    public Uri ApiBase => new(Origin.AbsoluteUri.TrimEnd('/') + "/api");

    /// <summary>The sandbox database file (or ":memory:").</summary>
    public string DatabasePath => _services.Options.DatabasePath;

    /// <summary>The sandbox's clock: key expiry and everything an extension times must use it too.</summary>
    public TimeProvider Time => _services.Options.Time;

    /// <summary>Every API scope with its description, in catalog order.</summary>
    public static IReadOnlyList<SandboxScope> Scopes { get; } =
        Accounts.Scopes.All.Select(s => new SandboxScope(s, Accounts.Scopes.Describe(s))).ToArray();

    public Task<SandboxUser?> FindUserAsync(string username) =>
        _services.Store.ReadAsync(db => Users.FindByName(db, username) is { } user ? new SandboxUser(user.Id, user.Username) : null).AsTask();

    /// <summary>Creates a key for an existing user; scopes must be known API scopes.</summary>
    public Task<IssuedKey> CreateKeyAsync(long userId, IReadOnlyList<string> scopes, string label, DateTimeOffset expiresAt) =>
        _services.Store.WriteAsync(db =>
        {
            var now = _services.NowMs();
            return ApiKeys.CreateIssued(db, userId, Accounts.Scopes.Normalize(scopes), label, now, expiresAt.ToUnixTimeMilliseconds(), _services.Options.DefaultRateLimitPerMinute);
        }).AsTask();

    /// <summary>Revokes the keys with these ids (those still active); returns how many were revoked.</summary>
    public Task<int> RevokeKeysAsync(IReadOnlyCollection<long> keyIds) =>
        _services.Store.WriteAsync(db =>
        {
            var now = _services.NowMs();
            var revoked = 0;
            foreach (var id in keyIds)
            {
                revoked += db.Execute("UPDATE api_keys SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL", id, now);
            }
            return revoked;
        }).AsTask();

    /// <summary>
    /// Runs <paramref name="work"/> against a sandbox database without serving it (a CLI command beside a running
    /// sandbox, for instance): the store is opened, migrated and closed again.
    /// </summary>
    public static async Task<T> WithDatabaseAsync<T>(string databasePath, Func<SandboxAccounts, Task<T>> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        var options = new SandboxOptions { DatabasePath = databasePath };
        using var store = SandboxHost.OpenStore(options);
        return await work(new SandboxAccounts(new SandboxServices(options, store))).ConfigureAwait(false);
    }

    internal void Listening(Uri origin) => _origin = origin;
}
