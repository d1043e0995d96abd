using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Segnals.Benchmarks.Sandbox;
using Segnals.Sandbox;

// Sandbox load benchmark: an in-process sandbox on loopback (WAL file database), one key with a very high rate
// limit, 50 running bots, then 16 concurrent clients for a fixed time against GET /bots/ and POST /bots/create.
// Usage: dotnet run -c Release --project eng/Benchmarks.Sandbox [-- --seconds N --clients N]
var seconds = ArgValue("--seconds", 10);
var clients = ArgValue("--clients", 16);
const int runningBots = 50;

var directory = Directory.CreateTempSubdirectory("segnals-sandbox-bench-");
try
{
    var warmup = TimeSpan.FromMilliseconds(500);
    await using var host = await SandboxHost.StartAsync(new SandboxOptions
    {
        DatabasePath = Path.Combine(directory.FullName, "bench.db"),
        WarmupDuration = warmup,
    });
    var key = await host.CreateKeyAsync("bench", ["read:bots", "write:bots", "control:bots"], "benchmark", rateLimitPerMinute: 100_000_000);

    using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = clients * 2, PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
    using var http = new HttpClient(handler) { BaseAddress = new Uri(host.BaseAddress + "/") };
    http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
    http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

    for (var i = 0; i < runningBots; i++)
    {
        var created = await Send(HttpMethod.Post, "bots/create", $$"""{"exchange":"bybit","name":"bench-{{i}}"}""");
        var id = System.Text.Json.JsonDocument.Parse(created).RootElement.GetProperty("bot_id").GetInt64();
        await Send(HttpMethod.Post, $"bots/{id}/control", """{"action":"start"}""");
    }
    await Task.Delay(warmup + TimeSpan.FromMilliseconds(100));
    var list = await Send(HttpMethod.Get, "bots/?status=running", null);
    var running = System.Text.Json.JsonDocument.Parse(list).RootElement.GetProperty("bots").GetArrayLength();

    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"Segnals sandbox load: {clients} concurrent clients, {seconds} s per scenario (after 2 s warm-up), {running} running bots, WAL file database, {Environment.ProcessorCount} cores, .NET {Environment.Version}"));
    Console.WriteLine(LoadResult.Header);

    var reads = await LoadRun.RunAsync("GET /bots/", clients, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(seconds), async (_, _) =>
    {
        using var response = await http.GetAsync("bots/");
        await response.Content.LoadIntoBufferAsync();
        return response.StatusCode == HttpStatusCode.OK;
    });
    Console.WriteLine(reads.Row());

    var writes = await LoadRun.RunAsync("POST /bots/create", clients, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(seconds), async (client, i) =>
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "bots/create")
        {
            Content = new StringContent($$"""{"exchange":"bybit","name":"load-{{client}}-{{i}}","client":"mcp"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Idempotency-Key", $"bench-{client}-{i}-{Guid.NewGuid():N}");
        using var response = await http.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response.StatusCode == HttpStatusCode.OK;
    });
    Console.WriteLine(writes.Row());

    var verdict = reads.Percentile(99) < 20 ? "met" : "MISSED";
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Target p99 of reads < 20 ms: {verdict} ({reads.Percentile(99):0.00} ms)"));
    return reads.Failures + writes.Failures == 0 ? 0 : 1;

    async Task<string> Send(HttpMethod method, string path, string? json)
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{method} {path} -> {(int)response.StatusCode} {body}");
        }
        return body;
    }
}
finally
{
    try
    {
        directory.Delete(recursive: true);
    }
    catch (IOException)
    {
    }
}

int ArgValue(string name, int fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length && int.TryParse(args[index + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
        ? value
        : fallback;
}
