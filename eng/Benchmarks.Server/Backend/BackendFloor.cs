using System.Diagnostics;
using System.Net.Http.Headers;
using Segnals.Benchmarks.Measurement;

namespace Segnals.Benchmarks.Server.Backend;

/// <summary>The backend's own share of a read call: GET /bots/ from this process with a pooled HttpClient, no MCP in between.</summary>
internal static class BackendFloor
{
    public static async Task<Samples> MeasureAsync(Uri apiBase, string apiKey, int warmUp, int calls)
    {
        using var handler = new SocketsHttpHandler { PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
        using var http = new HttpClient(handler) { BaseAddress = new Uri(apiBase + "/"), Timeout = TimeSpan.FromSeconds(10) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        var samples = new Samples();
        for (var index = 0; index < warmUp + calls; index++)
        {
            var started = Stopwatch.GetTimestamp();
            using var response = await http.GetAsync("bots/").ConfigureAwait(false);
            _ = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            response.EnsureSuccessStatusCode();
            if (index >= warmUp)
            {
                samples.Add(elapsed);
            }
        }

        return samples;
    }
}
