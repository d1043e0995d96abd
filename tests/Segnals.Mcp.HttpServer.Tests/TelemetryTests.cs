using System.Text.Json;
using Segnals.Mcp.HttpServer.Tests.Infrastructure;
using Segnals.Mcp.Runtime.Callers;
using Segnals.Testing;
using Xunit;

namespace Segnals.Mcp.HttpServer.Tests;

/// <summary>
/// One JSON log line per request on stdout (method, tool, status, outcome, duration, the caller's hash label, never
/// the key), and metrics exported with OpenTelemetry (OTLP over HTTP) to a collector the test runs on loopback.
/// </summary>
public sealed class TelemetryTests
{
    [Fact]
    public async Task Each_request_is_one_json_line_naming_the_caller_by_a_hash_prefix_and_never_the_key()
    {
        await using var backend = await ScriptedBackend.StartAsync((_, _, _) => Task.FromResult(false));
        await using var server = await HostedProcess.StartAsync(backend.Environment());
        var key = CanaryKey.New();
        await using (var client = await HostedClient.ConnectAsync(server.Mcp, key))
        {
            await client.ToolNamesAsync();
            await client.CallAsync("segnals_get_bot", new { bot_id = "two" });
        }

        await RawMcp.PostAsync(server.Mcp, key: null);
        await server.DisposeAsync();

        var lines = server.StdoutLines.Select(line => JsonDocument.Parse(line).RootElement).ToList();
        var requests = lines.Where(line => line.GetProperty("Category").GetString()!.EndsWith(".RequestTelemetry", StringComparison.Ordinal))
            .Select(line => line.GetProperty("State")).ToList();
        var caller = ApiCallers.IdOf(key);

        var call = Assert.Single(requests, state => state.GetProperty("RpcMethod").GetString() == "tools/call");
        Assert.Equal("segnals_get_bot", call.GetProperty("Tool").GetString());
        Assert.Equal(200, call.GetProperty("Status").GetInt32());
        Assert.Equal("tool_error", call.GetProperty("Outcome").GetString());
        Assert.Equal(caller, call.GetProperty("Caller").GetString());
        Assert.True(call.GetProperty("DurationMs").GetDouble() > 0);
        Assert.Contains(requests, state => state.GetProperty("RpcMethod").GetString() == "tools/list" && state.GetProperty("Caller").GetString() == caller);
        Assert.Contains(requests, state => state.GetProperty("Status").GetInt32() == 401 && state.GetProperty("Caller").GetString() == "-");
        server.AssertNoKeyIn([key, backend.Key]);
    }

    [Fact]
    public async Task Calls_errors_latency_and_rate_limit_refusals_are_exported_with_opentelemetry()
    {
        await using var collector = await ScriptedBackend.StartAsync((_, _, _) => Task.FromResult(false));
        await using var backend = await ScriptedBackend.StartAsync((_, _, _) => Task.FromResult(false));
        await using var server = await HostedProcess.StartAsync(backend.Environment(
            ("SEGNALS_RATE_LIMIT_PER_MINUTE", "2"),
            ("OTEL_EXPORTER_OTLP_ENDPOINT", collector.BaseAddress.GetLeftPart(UriPartial.Authority)),
            ("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf"),
            ("OTEL_METRIC_EXPORT_INTERVAL", "250")));
        await using var client = await HostedClient.ConnectAsync(server.Mcp, CanaryKey.New());
        for (var call = 0; call < 3; call++)
        {
            await client.CallAsync("segnals_list_bots");
        }

        string[] names = ["segnals.mcp.requests", "segnals.mcp.tool.calls", "segnals.mcp.errors", "segnals.mcp.request.duration", "segnals.mcp.rate_limited"];
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!names.All(name => collector.Requests.Any(request => request.Path == "/v1/metrics" && request.Body.Contains(name, StringComparison.Ordinal))))
        {
            Assert.True(DateTime.UtcNow < deadline,
                $"Not exported within 20 s: {string.Join(", ", names.Where(name => !collector.Requests.Any(request => request.Body.Contains(name, StringComparison.Ordinal))))}");
            await Task.Delay(100);
        }
    }
}
