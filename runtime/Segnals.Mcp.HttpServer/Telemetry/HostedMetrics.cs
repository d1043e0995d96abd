using System.Diagnostics.Metrics;

namespace Segnals.Mcp.HttpServer.Telemetry;

/// <summary>
/// The hosted server's metrics (System.Diagnostics.Metrics, meter <see cref="MeterName"/>): exported with
/// OpenTelemetry when OTEL_EXPORTER_OTLP_ENDPOINT is set, and readable with dotnet-counters either way.
/// Tags never carry a key; the caller is not a tag (unbounded cardinality), only the log line names it.
/// </summary>
internal sealed class HostedMetrics
{
    public const string MeterName = "Segnals.Mcp.Hosted";

    private readonly Counter<long> _requests;
    private readonly Counter<long> _calls;
    private readonly Counter<long> _errors;
    private readonly Counter<long> _rateLimited;
    private readonly Histogram<double> _duration;

    public HostedMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _requests = meter.CreateCounter<long>("segnals.mcp.requests", "{request}", "MCP HTTP requests, by JSON-RPC method and HTTP status.");
        _calls = meter.CreateCounter<long>("segnals.mcp.tool.calls", "{call}", "tools/call requests, by tool and outcome.");
        _errors = meter.CreateCounter<long>("segnals.mcp.errors", "{error}", "Requests refused over HTTP (status 400 and up) or answered with a tool or protocol error.");
        _rateLimited = meter.CreateCounter<long>("segnals.mcp.rate_limited", "{call}", "Calls refused by the client-side rate limit before reaching the API.");
        _duration = meter.CreateHistogram<double>("segnals.mcp.request.duration", "s", "Time to answer an MCP HTTP request.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] });
    }

    public void Request(McpRequestRecord record, int status, TimeSpan duration)
    {
        var method = new KeyValuePair<string, object?>("mcp.method", record.Method ?? "(none)");
        var statusTag = new KeyValuePair<string, object?>("http.response.status_code", status);
        _requests.Add(1, method, statusTag);
        _duration.Record(duration.TotalSeconds, method, statusTag);
        if (record.Tool is { } tool)
        {
            _calls.Add(1, new KeyValuePair<string, object?>("mcp.tool", tool), new KeyValuePair<string, object?>("outcome", Outcome(record.Outcome)));
        }

        if (status >= 400 || record.Outcome is McpOutcome.ToolError or McpOutcome.ProtocolError)
        {
            _errors.Add(1, method, new KeyValuePair<string, object?>("error.type", status >= 400 ? "http_" + status : Outcome(record.Outcome)));
        }
    }

    public void RateLimited() => _rateLimited.Add(1);

    public static string Outcome(McpOutcome outcome) => outcome switch
    {
        McpOutcome.Ok => "ok",
        McpOutcome.ToolError => "tool_error",
        McpOutcome.ProtocolError => "protocol_error",
        _ => "none",
    };
}
