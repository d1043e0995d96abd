using System.Net;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using ModelContextProtocol.Protocol;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using Segnals.Mcp.Generated;
using Segnals.Mcp.HttpServer.Configuration;
using Segnals.Mcp.HttpServer.Health;
using Segnals.Mcp.HttpServer.OAuth;
using Segnals.Mcp.HttpServer.Telemetry;
using Segnals.Mcp.HttpServer.Web;
using Segnals.Mcp.Replicas;
using Segnals.Mcp.Runtime.Tools;

namespace Segnals.Mcp.HttpServer.Hosting;

/// <summary>
/// The hosted server's ASP.NET Core application. Middleware order is the order of the checks a request meets:
/// telemetry (around everything) → Host and Origin (403) → CORS → body size (413) → routing (405 for GET and
/// DELETE, 415 for a body that is not JSON) → the caller's key or OAuth token (401, 503; the RFC 9728 metadata is
/// answered here) → with OAuth, the scope step-up (403) → the MCP SDK (406, 400 for bad JSON or a bad
/// MCP-Protocol-Version) → the tools.
/// </summary>
internal static class HostedApp
{
    /// <summary>How long calls in flight may take to finish once SIGTERM arrives; then they are cut off.</summary>
    public static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(15);

    /// <param name="stores">Where spent tokens and rate limits are kept: Redis shared by every replica, or this process.</param>
    public static WebApplication Build(HostedSettings settings, ReplicaStores stores, Action<string> log)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = "segnals-mcp-http",
            ContentRootPath = AppContext.BaseDirectory,
        });

        HostedLogging.Configure(builder.Logging);

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = RequestBodyLimit.MaxBytes;
            kestrel.Listen(settings.Host == "localhost" ? IPAddress.Loopback : IPAddress.Parse(settings.Host), settings.Port);
        });
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = DrainTimeout);

        var paths = new ServedPaths(settings.Path, settings.ReadOnlyPath);
        builder.Services.AddSingleton(paths);
        builder.Services.AddSingleton(settings.AllowedHosts);
        builder.Services.AddSingleton(settings.AllowedOrigins);
        builder.Services.AddSingleton<HostedMetrics>();
        builder.Services.AddSingleton(services => new HostedComposition(
            settings,
            new CountingRateLimiter(stores.RateLimiter, services.GetRequiredService<HostedMetrics>()),
            stores.ReplayStore,
            log));
        builder.Services.AddSingleton(services => services.GetRequiredService<HostedComposition>().Callers);

        string scheme;
        if (settings.OAuth is { } oauth)
        {
            OAuthServices.Add(builder.Services, oauth, paths);
            scheme = OAuthAuthenticationHandler.SchemeName;
        }
        else
        {
            BearerAuthentication.Add(builder.Services, KeyAuthenticationHandler.SchemeName)
                .AddScheme<AuthenticationSchemeOptions, KeyAuthenticationHandler>(KeyAuthenticationHandler.SchemeName, configureOptions: null);
            scheme = KeyAuthenticationHandler.SchemeName;
        }

        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(McpConnectors.CallerPolicy, policy => policy.AddAuthenticationSchemes(scheme).RequireAuthenticatedUser());
        CrossOriginAnswers.Add(builder.Services);

        builder.Services.AddSingleton(new ApiReachableCheck(settings.Server.ApiBase, TimeProvider.System));
        var health = builder.Services.AddHealthChecks().AddCheck<ApiReachableCheck>("segnals-api", tags: ["ready"]);
        if (stores.Redis is not null)
        {
            health.AddAsyncCheck("redis", async cancellationToken => await stores.IsReadyAsync(cancellationToken)
                ? HealthCheckResult.Healthy("Redis answers.")
                : HealthCheckResult.Unhealthy("Redis does not answer."), tags: ["ready"]);
        }

        builder.Services.AddMcpServer(options =>
            {
                options.ServerInfo = ServerIdentity.Create(SegnalsCatalog.Info.Version);
                options.ServerInstructions = ServerInstructions.Text;
                options.Capabilities = new ServerCapabilities { Tools = new ToolsCapability { ListChanged = false } };
            })
            .WithHttpTransport(transport =>
            {
                transport.Stateless = true;
                transport.ConfigureSessionOptions = McpConnectors.ConfigureSessionAsync;
            });

        if (settings.OtlpEndpoint is not null)
        {
            // The exporter reads OTEL_EXPORTER_OTLP_ENDPOINT, _PROTOCOL, _HEADERS and OTEL_METRIC_EXPORT_INTERVAL itself.
            builder.Services.AddOpenTelemetry()
                .ConfigureResource(resource => resource.AddService("segnals-mcp-http", serviceVersion: SegnalsCatalog.Info.Version))
                .WithMetrics(metrics => metrics
                    .AddMeter(HostedMetrics.MeterName, "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel")
                    .AddOtlpExporter());
        }

        var app = builder.Build();
        app.UseMiddleware<RequestTelemetry>();
        app.UseMiddleware<HostAndOriginGuard>();
        CrossOriginAnswers.Use(app, settings.AllowedOrigins);
        app.UseMiddleware<RequestBodyLimit>();
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        if (settings.OAuth is not null)
        {
            OAuthServices.Use(app);
        }

        var composition = app.Services.GetRequiredService<HostedComposition>();
        McpConnectors.Map(app, paths, composition.Full, composition.ReadOnly);
        app.MapHealthChecks(HealthPaths.Live, new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks(HealthPaths.Ready, new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });
        return app;
    }
}
