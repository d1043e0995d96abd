using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Segnals.Mcp.HttpServer.Web;

namespace Segnals.Mcp.HttpServer.Telemetry;

/// <summary>
/// One log line and one set of metrics per request: HTTP method and path, JSON-RPC method, tool, status, outcome,
/// duration and the caller's label. Never the key, a header or an argument. Health checks that pass are not logged
/// (an orchestrator asks every few seconds), but they are counted.
/// </summary>
internal sealed partial class RequestTelemetry(RequestDelegate next, HostedMetrics metrics, ServedPaths paths, ILogger<RequestTelemetry> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var record = new McpRequestRecord();
        context.Features.Set(record);
        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(context);
        }
        finally
        {
            var elapsed = Stopwatch.GetElapsedTime(started);
            var status = context.Response.StatusCode;
            metrics.Request(record, status, elapsed);
            // Only paths this server serves are written out: any other path is whatever a client sent, which a log must not repeat.
            var path = paths.Named(context.Request.Path) ?? "(other)";
            if (!(status < 400 && HealthPaths.All.Contains(path, StringComparer.Ordinal)))
            {
                Served(logger, context.Request.Method, path, record.Method ?? "-", record.Tool ?? "-", status,
                    HostedMetrics.Outcome(record.Outcome), Math.Round(elapsed.TotalMilliseconds, 2), record.CallerId ?? "-");
            }
        }
    }

    [LoggerMessage(EventId = 1, EventName = "Request", Level = LogLevel.Information,
        Message = "{HttpMethod} {Path} {RpcMethod} {Tool} {Status} {Outcome} {DurationMs} ms caller {Caller}")]
    private static partial void Served(ILogger logger, string httpMethod, string path, string rpcMethod, string tool, int status, string outcome, double durationMs, string caller);
}
