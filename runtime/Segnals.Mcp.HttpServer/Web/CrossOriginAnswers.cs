using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Cors;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Segnals.Mcp.HttpServer.Web;

/// <summary>
/// CORS for browser-based MCP clients: ASP.NET Core's own CORS middleware with one policy, answered only for
/// allowed origins (the Host and Origin guard before it has already refused the rest) and exposing the headers
/// MCP clients read.
/// </summary>
/// <remarks>
/// Wired by hand rather than with <c>UseCors()</c>: that binds the middleware by reflection, and because its
/// Invoke takes a service parameter the binder compiles an expression tree, which loads System.Linq.Expressions
/// and JIT-compiles its compiler into every replica. With the other start-up trims made alongside (no Regex, no
/// StackExchange.Redis without SEGNALS_REDIS), a replica's peak RSS under load went from 117.9–119.6 to
/// 113.6–117.5 MiB in eng/Benchmarks.Hosted, against a 120 MiB budget.
/// </remarks>
internal static class CrossOriginAnswers
{
    /// <summary>Headers a browser-based MCP client must be able to read from a cross-origin answer.</summary>
    private static readonly string[] ExposedHeaders = ["WWW-Authenticate", "MCP-Protocol-Version", "Mcp-Session-Id"];

    public static void Add(IServiceCollection services) => services.AddCors();

    public static void Use(WebApplication app, OriginAllowList origins)
    {
        var policy = new CorsPolicyBuilder()
            .SetIsOriginAllowed(origins.Allows)
            .WithMethods("POST")
            .AllowAnyHeader()
            .WithExposedHeaders(ExposedHeaders)
            .SetPreflightMaxAge(TimeSpan.FromMinutes(10))
            .Build();
        var service = app.Services.GetRequiredService<ICorsService>();
        var policies = app.Services.GetRequiredService<ICorsPolicyProvider>();
        var loggers = app.Services.GetRequiredService<ILoggerFactory>();
        app.Use(next =>
        {
            var middleware = new CorsMiddleware(next, service, policy, loggers);
            return context => middleware.Invoke(context, policies);
        });
    }
}
