using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Segnals.Sandbox.Accounts;
using Segnals.Sandbox.Http;
using Segnals.Sandbox.Knowledge;
using Segnals.Sandbox.Storage;

namespace Segnals.Sandbox;

/// <summary>
/// A running sandbox: a Segnals-compatible REST API on 127.0.0.1 backed by SQLite, with simulated money.
/// Start it, create a key, point a client at <see cref="BaseAddress"/>; dispose it to stop.
/// </summary>
public sealed class SandboxHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly SandboxServices _services;
    private int _disposed;

    private SandboxHost(WebApplication app, SandboxServices services, SandboxAccounts accounts, IReadOnlyList<string> extensionLines)
    {
        _app = app;
        _services = services;
        Accounts = accounts;
        BaseAddress = accounts.ApiBase;
        ExtensionLines = extensionLines;
    }

    /// <summary>The API base, e.g. http://127.0.0.1:41234/api (no trailing slash).</summary>
    public Uri BaseAddress { get; }

    /// <summary>The origin the API and any extension are served on, e.g. http://127.0.0.1:41234.</summary>
    public Uri Origin => Accounts.Origin;

    /// <summary>Users and keys, as extensions see them.</summary>
    public SandboxAccounts Accounts { get; }

    /// <summary>What each extension said when it started (for the start-up banner).</summary>
    public IReadOnlyList<string> ExtensionLines { get; }

    /// <summary>The web application's services (an extension's own services included).</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>The options the host was started with.</summary>
    public SandboxOptions Options => _services.Options;

    public static async Task<SandboxHost> StartAsync(SandboxOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        Validate(options);
        var store = OpenStore(options);
        try
        {
            var services = new SandboxServices(options, store);
            var accounts = new SandboxAccounts(services);
            var app = BuildApp(services, accounts);
            try
            {
                await app.StartAsync(ct).ConfigureAwait(false);
                var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
                accounts.Listening(new Uri(address.TrimEnd('/')));
                var lines = new List<string>();
                foreach (var extension in options.Extensions)
                {
                    if (await extension.StartedAsync(app.Services, ct).ConfigureAwait(false) is { } line)
                    {
                        lines.Add(line);
                    }
                }
                return new SandboxHost(app, services, accounts, lines);
            }
            catch
            {
                await app.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    /// <summary>Creates a key for <paramref name="user"/> (creating the user when missing) and returns it; the plaintext is never stored.</summary>
    public Task<string> CreateKeyAsync(string user, IReadOnlyList<string> scopes, string label, DateTimeOffset? expiresAt = null, int? rateLimitPerMinute = null) =>
        _services.Store.WriteAsync(db => CreateKey(db, _services.Options, user, scopes, label, expiresAt, rateLimitPerMinute)).AsTask();

    /// <summary>The demo account (seeded on first run) and a fresh full-scope key for it.</summary>
    public Task<DemoAccount> EnsureDemoAccountAsync() =>
        _services.Store.WriteAsync(db =>
        {
            var now = _services.NowMs();
            Seed.EnsureSeeded(db, _services.Lifecycle, _services.Options.WarmupDuration, now);
            var userId = Users.FindByName(db, Seed.DemoUser)?.Id ?? throw new InvalidOperationException("The demo user is missing from this sandbox database.");
            var key = ApiKeys.Create(db, userId, Scopes.Normalize(Scopes.All), "demo", now, null, _services.Options.DefaultRateLimitPerMinute);
            return new DemoAccount(key, Seed.DemoUser);
        }).AsTask();

    /// <summary>The demo user's name, seeding the demo account on first run; unlike <see cref="EnsureDemoAccountAsync"/> it mints no key (e.g. for a user who signs in through OAuth).</summary>
    public Task<string> EnsureDemoUserAsync() =>
        _services.Store.WriteAsync(db =>
        {
            Seed.EnsureSeeded(db, _services.Lifecycle, _services.Options.WarmupDuration, _services.NowMs());
            return Seed.DemoUser;
        }).AsTask();

    /// <summary>Revokes a key by id, by the whole key, or by its 12-character prefix; throws when nothing matched.</summary>
    public async Task RevokeKeyAsync(string keyIdOrPrefix)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(keyIdOrPrefix);
        var revoked = await _services.Store.WriteAsync(db => ApiKeys.Revoke(db, keyIdOrPrefix.Trim(), _services.NowMs())).ConfigureAwait(false);
        if (revoked == 0)
        {
            throw new InvalidOperationException($"No active key matches '{keyIdOrPrefix}'.");
        }
    }

    /// <summary>Moves a user to another plan (free, pro, vip), e.g. to try what a non-VIP account may do.</summary>
    public async Task SetUserTierAsync(string user, string tier)
    {
        if (!Tiers.IsKnown(tier))
        {
            throw new ArgumentException($"Unknown tier '{tier}'; use free, pro or vip.", nameof(tier));
        }
        await _services.Store.WriteAsync(db =>
        {
            var id = Users.FindByName(db, user)?.Id ?? throw new InvalidOperationException($"No user '{user}'.");
            Users.SetTier(db, id, tier, _services.NowMs());
            return 0;
        }).ConfigureAwait(false);
    }

    /// <summary>The most recent audited writes, newest first.</summary>
    public Task<IReadOnlyList<AuditEntry>> GetAuditLogAsync(int limit = 100) =>
        _services.Store.ReadAsync<IReadOnlyList<AuditEntry>>(db =>
        {
            var entries = new List<AuditEntry>();
            using var r = db.Query("SELECT id, key_id, method, path, status, at, idempotency_key, replayed FROM audit ORDER BY id DESC LIMIT $1", Math.Clamp(limit, 1, 10_000));
            while (r.Read())
            {
                entries.Add(new AuditEntry(r.GetInt64(0), r.GetInt64OrNull(1), r.GetString(2), r.GetString(3), (int)r.GetInt64(4),
                    DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(5)), r.GetStringOrNull(6), r.GetInt64(7) != 0));
            }
            return entries;
        }).AsTask();

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        try
        {
            await _app.StopAsync().ConfigureAwait(false);
        }
        finally
        {
            await _app.DisposeAsync().ConfigureAwait(false);
            _services.Store.Dispose();
        }
    }

    /// <summary>Opens, migrates and (first run) seeds the database; indexes the knowledge base; drops expired idempotency records.</summary>
    internal static SqliteStore OpenStore(SandboxOptions options)
    {
        var store = SqliteStore.Open(options.DatabasePath);
        try
        {
            var lifecycle = new Trading.BotLifecycle(options.WarmupDuration);
            var now = options.Time.GetUtcNow().ToUnixTimeMilliseconds();
            store.Write(db =>
            {
                Seed.EnsureSeeded(db, lifecycle, options.WarmupDuration, now);
                KnowledgeIndex.EnsureIndexed(db);
                db.Execute("DELETE FROM idempotency WHERE created_at < $1", now - (24 * 60 * 60 * 1000L));
                return 0;
            });
            return store;
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    internal static string CreateKey(Db db, SandboxOptions options, string user, IReadOnlyList<string> scopes, string label, DateTimeOffset? expiresAt, int? rateLimitPerMinute)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(user);
        ArgumentNullException.ThrowIfNull(scopes);
        ArgumentNullException.ThrowIfNull(label);
        var username = user.Trim();
        if (username.Length > 64 || !username.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.'))
        {
            throw new ArgumentException("A user name is 1 to 64 characters of letters, digits, '_', '-' or '.'.", nameof(user));
        }
        if (rateLimitPerMinute is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(rateLimitPerMinute), "A rate limit is at least 1 request per minute.");
        }
        var normalized = Scopes.Normalize(scopes);
        var now = options.Time.GetUtcNow().ToUnixTimeMilliseconds();
        var userId = Users.Ensure(db, username, now);
        return ApiKeys.Create(db, userId, normalized, label.Trim(), now, expiresAt?.ToUnixTimeMilliseconds(), rateLimitPerMinute ?? options.DefaultRateLimitPerMinute);
    }

    private static void Validate(SandboxOptions options)
    {
        if (options.Port is < 0 or > 65535)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "Port must be 0 (any free port) to 65535.");
        }
        if (options.WarmupDuration < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "WarmupDuration cannot be negative.");
        }
        if (options.DefaultRateLimitPerMinute < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "DefaultRateLimitPerMinute must be at least 1.");
        }
        ArgumentException.ThrowIfNullOrWhiteSpace(options.DatabasePath);
        ArgumentNullException.ThrowIfNull(options.Time);
    }

    private static WebApplication BuildApp(SandboxServices services, SandboxAccounts accounts)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(SandboxHost).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.ClearProviders();
        // The embedding process owns Ctrl+C and SIGTERM; the sandbox only stops when disposed.
        builder.Services.AddSingleton<IHostLifetime, EmbeddedLifetime>();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = 1 << 20;
            kestrel.Listen(IPAddress.Loopback, services.Options.Port);
        });

        builder.Services.AddSingleton(accounts);
        foreach (var extension in services.Options.Extensions)
        {
            extension.ConfigureServices(builder.Services, accounts);
        }

        var app = builder.Build();
        foreach (var extension in services.Options.Extensions)
        {
            extension.Configure(app);
        }
        var pipeline = new ApiPipeline(services);
        var api = app.MapGroup("/api");
        foreach (var endpoint in SandboxRoutes.All)
        {
            api.MapMethods(endpoint.Pattern, [endpoint.Method], pipeline.Bind(endpoint));
        }
        app.MapFallback("{*path}", ApiPipeline.NotFoundAsync);
        return app;
    }

    private sealed class EmbeddedLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
