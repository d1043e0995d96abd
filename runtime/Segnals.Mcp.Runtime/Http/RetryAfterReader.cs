using System.Net.Http.Headers;
using System.Text.Json;

namespace Segnals.Mcp.Runtime.Http;

/// <summary>Reads how long the API asked us to wait: the Retry-After header (seconds or an HTTP date), else a 429 body's retry_after.</summary>
internal static class RetryAfterReader
{
    public static TimeSpan? Read(HttpResponseHeaders headers, JsonElement body, DateTimeOffset now)
    {
        if (headers.RetryAfter is { } header)
        {
            if (header.Delta is { } delta)
            {
                return delta;
            }

            if (header.Date is { } date)
            {
                var wait = date - now;
                return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
            }
        }

        return FromBody(body);
    }

    public static TimeSpan? FromBody(JsonElement body)
    {
        if (body.ValueKind == JsonValueKind.Object &&
            body.TryGetProperty("retry_after", out var value) &&
            value.ValueKind == JsonValueKind.Number &&
            value.TryGetDouble(out var seconds) &&
            double.IsFinite(seconds) && seconds >= 0 && seconds < TimeSpan.MaxValue.TotalSeconds)
        {
            return TimeSpan.FromSeconds(seconds);
        }

        return null;
    }
}
