using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Segnals.Mcp.HttpServer.Web;

/// <summary>
/// ASP.NET Core authentication with only what bearer schemes need. AddAuthentication() also registers Data Protection,
/// whose hosted service loads (and on first start writes) an XML key ring under the user's home at start-up: this server
/// protects nothing with it (no cookies, no remote sign-in), and a key ring in a container's home is at best wasted and
/// at worst a warning in every replica's log. Without it the server also maps about 5 MiB less.
/// </summary>
internal static class BearerAuthentication
{
    public static AuthenticationBuilder Add(IServiceCollection services, string defaultScheme)
    {
        services.AddAuthenticationCore(options => options.DefaultScheme = defaultScheme);
        services.AddWebEncoders();
        services.TryAddSingleton(TimeProvider.System);
        return new AuthenticationBuilder(services);
    }
}
