using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenIddict.Server;
using Segnals.Sandbox.Authorization.Clients;
using Segnals.Sandbox.Authorization.Interaction;
using Segnals.Sandbox.Authorization.Keys;
using Segnals.Sandbox.Authorization.Storage;
using Segnals.Sandbox.Authorization.Tokens;
using static OpenIddict.Abstractions.OpenIddictConstants;
using BuiltIn = OpenIddict.Server.OpenIddictServerHandlers;

namespace Segnals.Sandbox.Authorization;

/// <summary>
/// The sandbox as an OAuth 2.1 authorization server for its own users, served by the sandbox's web application
/// (add it to <see cref="SandboxOptions.Extensions"/>). The issuer is the sandbox origin; metadata at
/// /.well-known/oauth-authorization-server; endpoints under /oauth. After the host has started, this object is also
/// the server's administration: passwords, resource-server clients, signing keys.
/// </summary>
public sealed class SandboxAuthorizationServer : ISandboxExtension
{
    private IServiceProvider? _services;

    public SandboxAuthorizationServer(AuthorizationServerOptions? options = null) => Options = options ?? new AuthorizationServerOptions();

    public AuthorizationServerOptions Options { get; }

    /// <summary>The issuer, exactly as the metadata and tokens state it (with the trailing slash), e.g. http://127.0.0.1:41234/.</summary>
    public Uri Issuer => new(Services.GetRequiredService<SandboxAccounts>().Origin.AbsoluteUri);

    /// <summary>The RFC 8414 metadata document's URL.</summary>
    public Uri MetadataAddress => new(Issuer, ".well-known/oauth-authorization-server");

    /// <summary>The token endpoint (token exchange, refresh), introspection and revocation endpoints.</summary>
    public Uri TokenEndpoint => new(Issuer, Tokens.TokenEndpoint.Path.TrimStart('/'));

    public Uri IntrospectionEndpoint => new(Issuer, "oauth/introspect");

    public Uri RevocationEndpoint => new(Issuer, "oauth/revoke");

    public void ConfigureServices(IServiceCollection services, SandboxAccounts sandbox)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(sandbox);
        services.AddSingleton(Options);
        services.AddSingleton(sandbox.Time);
        AddStorage(services, sandbox.DatabasePath);
        services.AddOpenIddict().AddServer(server =>
        {
            server.SetAuthorizationEndpointUris(AuthorizeEndpoint.Path.TrimStart('/'))
                .SetTokenEndpointUris(Tokens.TokenEndpoint.Path.TrimStart('/'))
                .SetIntrospectionEndpointUris("oauth/introspect")
                .SetRevocationEndpointUris("oauth/revoke")
                .SetJsonWebKeySetEndpointUris("oauth/jwks");
            server.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange()
                .AllowRefreshTokenFlow()
                .AllowTokenExchangeFlow()
                .AllowClientCredentialsFlow();
            // S256 only: "plain" gives the code away to anyone who saw the authorization request.
            server.Configure(o =>
            {
                o.CodeChallengeMethods.Clear();
                o.CodeChallengeMethods.Add(CodeChallengeMethods.Sha256);
            });
            server.RegisterScopes([.. SandboxAccounts.Scopes.Select(s => s.Name)]);
            server.SetAccessTokenLifetime(Options.AccessTokenLifetime)
                .SetRefreshTokenLifetime(Options.RefreshTokenLifetime)
                // Rotation with no grace: a refresh token works once; presenting it again revokes the grant's tokens.
                .SetRefreshTokenReuseLeeway(TimeSpan.Zero);
            // Resource servers check signed JWTs against the JWKS; an encrypted token would need our secret key.
            server.DisableAccessTokenEncryption();
            if (Options.UseReferenceAccessTokens)
            {
                server.UseReferenceAccessTokens();
            }
            // Scopes and resources are the sandbox's, the same for every client: checked against the registered
            // lists (and the configured MCP resources) rather than per-client permissions.
            server.IgnoreScopePermissions().IgnoreResourcePermissions();
            server.UseAspNetCore()
                .EnableAuthorizationEndpointPassthrough()
                .EnableTokenEndpointPassthrough()
                // Loopback http: the sandbox never leaves the machine.
                .DisableTransportSecurityRequirement();

            server.AddEventHandler(MetadataDocumentClientHandler.Descriptor)
                .AddEventHandler(Discovery.Descriptor)
                .AddEventHandler(GrantRevocation.Descriptor)
                .AddEventHandler(RefreshTokenIssuance.Descriptor)
                .RemoveEventHandler(BuiltIn.Exchange.ValidateAuthorizedParty.Descriptor)
                .AddEventHandler(ResourceServerTokenPolicy.Exchange.Descriptor)
                .RemoveEventHandler(BuiltIn.Introspection.ValidateAuthorizedParty.Descriptor)
                .AddEventHandler(ResourceServerTokenPolicy.Introspection.Descriptor)
                .AddEventHandler(ResourceServerTokenPolicy.IntrospectionClaims.Descriptor);
        });
        services.AddSingleton<ServerOptionsFromSandbox>();
        services.AddSingleton<IConfigureOptions<OpenIddictServerOptions>>(sp => sp.GetRequiredService<ServerOptionsFromSandbox>());
        services.AddSingleton<IOptionsChangeTokenSource<OpenIddictServerOptions>>(sp => sp.GetRequiredService<ServerOptionsFromSandbox>());
        services.AddSingleton<KeyRing>();
        services.AddSingleton<IConfigureOptions<OpenIddictServerOptions>>(sp => sp.GetRequiredService<KeyRing>());
        services.AddSingleton<IOptionsChangeTokenSource<OpenIddictServerOptions>>(sp => sp.GetRequiredService<KeyRing>());

        services.AddAuthentication().AddCookie(SignInCookie.Scheme, SignInCookie.Configure);
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "segnals_sandbox_antiforgery";
            o.Cookie.Path = "/oauth";
        });
        // Sign-in sessions and antiforgery tokens need not survive a restart: signing in again is enough.
        services.AddDataProtection().UseEphemeralDataProtectionProvider();

        services.AddSingleton(sp => new ClientMetadataDocuments(ClientMetadataDocuments.CreateHttpClient(), Options, sandbox.Time));
        services.AddScoped<DelegatedKeys>();
    }

    public void Configure(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (Interlocked.CompareExchange(ref _services, app.Services, null) is not null)
        {
            throw new InvalidOperationException("One SandboxAuthorizationServer serves one sandbox.");
        }
        PrepareStorage(app.Services);
        app.Services.GetRequiredService<KeyRing>().Load();

        app.UseAuthentication();
        app.MapMethods(AuthorizeEndpoint.Path, ["GET", "POST"], AuthorizeEndpoint.HandleAsync);
        app.MapPost(Tokens.TokenEndpoint.Path, Tokens.TokenEndpoint.HandleAsync);
        app.MapPost(SignInEndpoints.Path, SignInEndpoints.PostAsync);
        app.MapPost(DynamicRegistrationEndpoint.Path, DynamicRegistrationEndpoint.RegisterAsync);
    }

    public Task<string?> StartedAsync(IServiceProvider services, CancellationToken ct) =>
        Task.FromResult<string?>(
            $"OAuth 2.1 authorization server: issuer {Issuer} (metadata {MetadataAddress}); sign in as a sandbox user " +
            "with the password from `segnals-sandbox oauth password --user demo`.");

    /// <summary>Gives a sandbox user a new sign-in password and returns it; only its hash is kept.</summary>
    public Task<string> SetPasswordAsync(string username) =>
        InScopeAsync(sp => sp.GetRequiredService<UserPasswords>().SetNewAsync(username, CancellationToken.None));

    /// <summary>
    /// Registers (or gives a new secret to) the confidential client of a resource server such as the hosted MCP
    /// server: it may introspect and exchange the tokens minted for <paramref name="servedResources"/>. Returns the
    /// secret, which is shown only here.
    /// </summary>
    public Task<string> RegisterResourceServerAsync(string clientId, IReadOnlyList<Uri> servedResources) =>
        InScopeAsync(sp => sp.GetRequiredService<ClientRegistrations>().CreateResourceServerAsync(clientId, servedResources, CancellationToken.None));

    /// <summary>
    /// For a resource server that learns its own address only once it listens (the hosted MCP server on a port picked
    /// at start): adds its resources to those clients may ask tokens for, then registers it as
    /// <see cref="RegisterResourceServerAsync"/> does and returns its secret. Call it before clients arrive.
    /// </summary>
    public Task<string> AddResourceServerAsync(string clientId, IReadOnlyList<Uri> servedResources)
    {
        ArgumentNullException.ThrowIfNull(servedResources);
        foreach (var resource in servedResources.Where(resource => !Options.Resources.Contains(resource)))
        {
            Options.Resources.Add(resource);
        }
        Services.GetRequiredService<ServerOptionsFromSandbox>().ResourcesChanged();
        return RegisterResourceServerAsync(clientId, servedResources);
    }

    /// <summary>The signing keys the JWKS publishes; the first signs new tokens.</summary>
    public IReadOnlyList<SigningKeyInfo> SigningKeys => Services.GetRequiredService<KeyRing>().SigningKeys;

    /// <summary>Adds a signing key, which signs every token from now on; returns its key id (kid).</summary>
    public Task<string> AddSigningKeyAsync() => Services.GetRequiredService<KeyRing>().AddSigningKeyAsync();

    /// <summary>Stops publishing and trusting a signing key: tokens it signed no longer validate.</summary>
    public Task RetireSigningKeyAsync(string keyId) => Services.GetRequiredService<KeyRing>().RetireSigningKeyAsync(keyId);

    /// <summary>The authorization server's storage, also for CLI commands that run without a web application.</summary>
    internal static void AddStorage(IServiceCollection services, string sandboxDatabasePath)
    {
        var database = new AuthorizationDatabase(sandboxDatabasePath);
        services.AddSingleton(database);
        services.AddDbContext<AuthorizationDbContext>(o =>
        {
            o.UseSqlite(database.ConnectionString);
            o.UseOpenIddict();
        });
        services.AddOpenIddict().AddCore(core => core.UseEntityFrameworkCore().UseDbContext<AuthorizationDbContext>());
        services.AddScoped<ClientRegistrations>();
        services.AddScoped<UserPasswords>();
    }

    internal static void PrepareStorage(IServiceProvider services)
    {
        using var scope = services.CreateScope();
        AuthorizationDatabase.EnsureTables(scope.ServiceProvider.GetRequiredService<AuthorizationDbContext>());
    }

    private IServiceProvider Services => _services ?? throw new InvalidOperationException("The sandbox with this authorization server has not started.");

    private async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider).ConfigureAwait(false);
    }
}
