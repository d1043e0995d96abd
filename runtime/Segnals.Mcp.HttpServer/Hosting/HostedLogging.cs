using Microsoft.Extensions.Logging;
using Segnals.Mcp.HttpServer.Web;

namespace Segnals.Mcp.HttpServer.Hosting;

/// <summary>
/// Logs are JSON lines on stdout. The framework's own request chatter is left out: the one line per request is
/// <see cref="Telemetry.RequestTelemetry"/>'s.
/// </summary>
internal static class HostedLogging
{
    public static void Configure(ILoggingBuilder logging)
    {
        logging.ClearProviders();
        logging.AddJsonConsole(options =>
        {
            options.UseUtcTimestamp = true;
            options.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
        });
        logging.SetMinimumLevel(LogLevel.Information);
        logging.AddFilter("Microsoft", LogLevel.Warning);
        logging.AddFilter("System", LogLevel.Warning);
        logging.AddFilter("ModelContextProtocol", LogLevel.Warning);

        // The authentication handler's own lines (one per refused key) repeat what the request line says.
        logging.AddFilter(typeof(KeyAuthenticationHandler).FullName, LogLevel.Warning);
        logging.AddFilter(typeof(OAuth.OAuthAuthenticationHandler).FullName, LogLevel.Warning);
    }
}
