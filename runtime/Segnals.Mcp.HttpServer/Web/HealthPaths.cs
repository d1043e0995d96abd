namespace Segnals.Mcp.HttpServer.Web;

/// <summary>Where a load balancer or orchestrator checks the server. They answer any Host and reveal nothing about callers.</summary>
internal static class HealthPaths
{
    /// <summary>The process is up.</summary>
    public const string Live = "/healthz";

    /// <summary>The process can serve: the Segnals API answers (and Redis, when configured).</summary>
    public const string Ready = "/readyz";

    public static readonly IReadOnlyList<string> All = [Live, Ready];
}
