using System.Globalization;
using System.Net;
using Segnals.Mcp.Generated;
using Segnals.Mcp.HttpServer.Web;
using Segnals.Mcp.Replicas;
using Segnals.Mcp.Runtime.Configuration;
using Segnals.Mcp.Server.Cli;

namespace Segnals.Mcp.HttpServer.Configuration;

/// <summary>
/// Reads <see cref="HostedSettings"/> from the command line (as `segnals-mcp serve --http` validated it) and the
/// environment. As with the stdio server, every problem is collected as a sentence naming the option or variable,
/// and no value is repeated back.
/// </summary>
internal static class HostedSettingsReader
{
    public const string HostVariable = "SEGNALS_MCP_HOST";
    public const string PortVariable = "SEGNALS_MCP_PORT";
    public const string PathVariable = "SEGNALS_MCP_PATH";
    public const string ReadOnlyPathVariable = "SEGNALS_MCP_READONLY_PATH";
    public const string AllowedHostsVariable = "SEGNALS_MCP_ALLOWED_HOSTS";
    public const string AllowedOriginsVariable = "SEGNALS_MCP_ALLOWED_ORIGINS";

    /// <summary>The standard OpenTelemetry variable; the OTLP exporter reads it (and its siblings) itself.</summary>
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public static (HostedSettings? Settings, IReadOnlyList<string> Errors) Read(CommandLine command, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(environment);

        var errors = new List<string>();
        var server = ServerSettingsReader.Read(environment, apiKeyRequired: false);
        errors.AddRange(server.Errors);
        var settings = server.Settings is { } read ? read with { Listing = command.Listing ?? read.Listing } : new ServerSettings { ApiKey = string.Empty };
        var exposure = command.Ceilings(settings, SegnalsCatalog.Info, out var ceilingProblems);
        errors.AddRange(ceilingProblems);

        string? Value(string name) => environment(name)?.Trim() is { Length: > 0 } value ? value : null;

        var host = command.Host ?? Value(HostVariable) ?? "127.0.0.1";
        if (command.Host is null && !(host == "localhost" || IPAddress.TryParse(host, out _)))
        {
            errors.Add($"{HostVariable} must be an IP address (e.g. 127.0.0.1, 0.0.0.0 or ::) or localhost.");
        }

        var port = command.Port ?? ReadPort(Value(PortVariable), errors);
        var path = command.Path ?? Value(PathVariable) ?? "/mcp";
        if (command.Path is null && !CommandLine.IsUrlPath(path))
        {
            errors.Add($"{PathVariable} must be a URL path such as /mcp: '/' followed by letters, digits, '/', '-', '_' or '.', not ending in '/'.");
        }

        var readOnlyPath = command.ReadOnlyPath ?? Value(ReadOnlyPathVariable) ?? path + "/readonly";
        if (command.ReadOnlyPath is null && !CommandLine.IsUrlPath(readOnlyPath))
        {
            errors.Add($"{ReadOnlyPathVariable} must be a URL path such as /mcp/readonly: '/' followed by letters, digits, '/', '-', '_' or '.', not ending in '/'.");
        }

        if (string.Equals(path, readOnlyPath, StringComparison.OrdinalIgnoreCase))
        {
            errors.Add("The MCP path and the read-only path must differ (--path / SEGNALS_MCP_PATH, --readonly-path / SEGNALS_MCP_READONLY_PATH).");
        }

        if (new[] { path, readOnlyPath }.Any(served => HealthPaths.All.Contains(served, StringComparer.OrdinalIgnoreCase)))
        {
            errors.Add($"The MCP paths cannot be {string.Join(" or ", HealthPaths.All)}, which serve health checks.");
        }

        var hosts = List(Value(AllowedHostsVariable)) ?? HostAllowList.Loopback;
        if (hosts.FirstOrDefault(pattern => !HostAllowList.IsValidPattern(pattern)) is not null)
        {
            errors.Add($"{AllowedHostsVariable} must be a comma-separated list of host names or addresses without port (e.g. mcp.example.com,*.example.com,127.0.0.1), or *.");
        }

        var origins = OriginAllowList.TryCreate(List(Value(AllowedOriginsVariable)) ?? OriginAllowList.Loopback, out var originProblem);
        if (origins is null)
        {
            errors.Add($"{AllowedOriginsVariable} must be a comma-separated list of origins: {originProblem}.");
        }

        var redis = RedisSettingsReader.Read(environment);
        errors.AddRange(redis.Errors);

        Uri? otlp = null;
        if (Value(OtlpEndpointVariable) is { } otlpText && !(Uri.TryCreate(otlpText, UriKind.Absolute, out otlp) && otlp.Scheme is "http" or "https"))
        {
            errors.Add($"{OtlpEndpointVariable} must be an http or https address of an OpenTelemetry collector, e.g. http://localhost:4318.");
        }

        var oauth = OAuthSettingsReader.Read(environment, command.UseSandbox, errors);

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        return (new HostedSettings
        {
            Server = settings,
            Exposure = exposure,
            Host = host,
            Port = port,
            Path = path,
            ReadOnlyPath = readOnlyPath,
            AllowedHosts = new HostAllowList(hosts),
            AllowedOrigins = origins!,
            Redis = redis.Settings,
            OtlpEndpoint = otlp,
            OAuth = oauth,
            Sandbox = command.UseSandbox,
        }, errors);
    }

    private static int ReadPort(string? text, List<string> errors)
    {
        if (text is null)
        {
            return 8080;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port <= 65535)
        {
            return port;
        }

        errors.Add($"{PortVariable} must be a port number from 0 to 65535 (0 picks a free port; default 8080).");
        return 8080;
    }

    private static IReadOnlyList<string>? List(string? text) =>
        text?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) is { Length: > 0 } items ? items : null;
}
