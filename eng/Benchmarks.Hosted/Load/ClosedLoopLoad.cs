using System.Diagnostics;
using Segnals.Benchmarks.Measurement;

namespace Segnals.Benchmarks.Hosted.Load;

/// <summary>What a load run measured.</summary>
internal sealed record LoadResult(double CallsPerSecond, Samples Latencies, int Errors, string? FirstError);

/// <summary>
/// N clients, each sending its next call as soon as the previous answer arrived (a closed loop), over
/// keep-alive connections, for a warm-up and then a measured period. Throughput is what completed in
/// the measured period; latency is every measured call's time from send to the answer's last byte.
/// </summary>
internal static class ClosedLoopLoad
{
    public static async Task<LoadResult> RunAsync(McpCall call, int clients, TimeSpan warmUp, TimeSpan measured)
    {
        using var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = clients,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            UseProxy = false,
            AllowAutoRedirect = false,
        };
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
        var start = Stopwatch.GetTimestamp();
        var measureFrom = start + (long)(warmUp.TotalSeconds * Stopwatch.Frequency);
        var stopAt = measureFrom + (long)(measured.TotalSeconds * Stopwatch.Frequency);
        var perClient = await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(() => ClientLoopAsync(http, call, measureFrom, stopAt))));

        var latencies = new Samples();
        var errors = 0;
        string? firstError = null;
        foreach (var client in perClient)
        {
            foreach (var sample in client.Latencies)
            {
                latencies.Add(sample);
            }

            errors += client.Errors;
            firstError ??= client.FirstError;
        }

        return new LoadResult(latencies.Count / measured.TotalSeconds, latencies, errors, firstError);
    }

    private static async Task<ClientTally> ClientLoopAsync(HttpClient http, McpCall call, long measureFrom, long stopAt)
    {
        var tally = new ClientTally();
        while (true)
        {
            var sent = Stopwatch.GetTimestamp();
            if (sent >= stopAt)
            {
                return tally;
            }

            string? problem;
            try
            {
                using var request = call.NewRequest();
                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead).ConfigureAwait(false);
                var body = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
                problem = McpCall.Problem((int)response.StatusCode, body);
            }
            catch (HttpRequestException exception)
            {
                problem = exception.Message;
            }

            var done = Stopwatch.GetTimestamp();
            if (sent < measureFrom || done > stopAt)
            {
                continue;
            }

            if (problem is null)
            {
                tally.Latencies.Add(Stopwatch.GetElapsedTime(sent, done).TotalMilliseconds);
            }
            else
            {
                tally.Errors++;
                tally.FirstError ??= problem;
            }
        }
    }

    private sealed class ClientTally
    {
        public List<double> Latencies { get; } = new(64 * 1024);

        public int Errors { get; set; }

        public string? FirstError { get; set; }
    }
}
