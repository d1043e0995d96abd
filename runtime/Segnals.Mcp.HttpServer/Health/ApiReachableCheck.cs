using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Segnals.Mcp.HttpServer.Health;

/// <summary>
/// Ready only while the Segnals API answers at all: any HTTP status counts (no key is sent, so 401 is the usual
/// answer); a refused connection or a timeout does not. One answer serves the checks of the next few seconds, so a
/// busy probe (health paths answer anyone) cannot turn this server into a load on the API.
/// </summary>
internal sealed class ApiReachableCheck(Uri apiBase, TimeProvider time) : IHealthCheck, IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan Reuse = TimeSpan.FromSeconds(5);

    private readonly HttpClient _http = new(new SocketsHttpHandler { AllowAutoRedirect = false }) { Timeout = Timeout };
    private (DateTimeOffset At, HealthCheckResult Result)? _last;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (_last is { } last && time.GetUtcNow() - last.At < Reuse)
        {
            return last.Result;
        }

        HealthCheckResult result;
        try
        {
            using var response = await _http.GetAsync(apiBase, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            result = HealthCheckResult.Healthy("The Segnals API answers.");
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            result = HealthCheckResult.Unhealthy($"The Segnals API at {apiBase.GetLeftPart(UriPartial.Authority)} does not answer.");
        }

        _last = (time.GetUtcNow(), result);
        return result;
    }

    public void Dispose() => _http.Dispose();
}
