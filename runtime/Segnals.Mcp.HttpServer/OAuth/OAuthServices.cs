using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.AspNetCore.Authentication;
using Segnals.Mcp.Generated;
using Segnals.Mcp.HttpServer.Configuration;
using Segnals.Mcp.HttpServer.Hosting;
using Segnals.Mcp.HttpServer.Web;

namespace Segnals.Mcp.HttpServer.OAuth;

/// <summary>The hosted server as an OAuth protected resource: its services, its authentication scheme and the two checks that run after it.</summary>
internal static class OAuthServices
{
    public static void Add(IServiceCollection services, OAuthSettings settings, ServedPaths paths)
    {
        services.AddSingleton(settings);
        services.AddSingleton(new ResourceServerIdentity(settings));
        services.AddSingleton<AuthorizationServerChannel>();
        services.AddSingleton(services => new IssuerDiscovery(settings, services.GetRequiredService<AuthorizationServerChannel>(), TimeProvider.System,
            services.GetRequiredService<Microsoft.Extensions.Logging.ILogger<IssuerDiscovery>>()));
        services.AddSingleton(services => new JwtAccessTokens(services.GetRequiredService<IssuerDiscovery>(), settings, TimeProvider.System));
        services.AddSingleton(services => new TokenIntrospection(services.GetRequiredService<IssuerDiscovery>(), services.GetRequiredService<AuthorizationServerChannel>(),
            services.GetRequiredService<ResourceServerIdentity>(), settings, TimeProvider.System));
        services.AddSingleton(services =>
        {
            var composition = services.GetRequiredService<HostedComposition>();
            return new DelegatedCallers(services.GetRequiredService<IssuerDiscovery>(), services.GetRequiredService<AuthorizationServerChannel>(),
                services.GetRequiredService<ResourceServerIdentity>(), settings, composition.ApiBase, composition.ApiCallers, TimeProvider.System);
        });
        services.AddSingleton(services =>
        {
            var composition = services.GetRequiredService<HostedComposition>();
            return new ProtectedResources(paths, services.GetRequiredService<ResourceServerIdentity>(), settings.Issuer, composition.Full, composition.ReadOnly, SegnalsCatalog.Info);
        });

        BearerAuthentication.Add(services, OAuthAuthenticationHandler.SchemeName)
            .AddScheme<McpAuthenticationOptions, OAuthAuthenticationHandler>(OAuthAuthenticationHandler.SchemeName, "Segnals OAuth 2.1", configureOptions: null);
        services.AddOptions<McpAuthenticationOptions>(OAuthAuthenticationHandler.SchemeName).Configure<ProtectedResources>((options, resources) =>
        {
            // The SDK's default forwards authentication to a JwtBearer scheme; this handler authenticates itself.
            options.ForwardAuthenticate = null;
            options.Events = ProtectedResourceMetadataEvents.For(resources);
        });
    }

    /// <summary>After authentication and authorization: the scope step-up, and the 401 for a grant that ended.</summary>
    public static void Use(WebApplication app)
    {
        app.UseMiddleware<ScopeStepUp>();
        app.UseMiddleware<RevokedGrantAnswer>();
    }
}
