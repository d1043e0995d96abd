using System.Net.Http.Headers;
using System.Text.Json;
using Segnals.Mcp.Runtime.Http;

namespace Segnals.Mcp.Runtime.Tests.Http;

public sealed class RetryPolicyTests
{
    [Theory]
    [InlineData("GET", true)]
    [InlineData("HEAD", true)]
    [InlineData("PUT", true)]
    [InlineData("DELETE", true)]
    [InlineData("POST", false)]
    [InlineData("PATCH", false)]
    public void Only_idempotent_methods_may_be_retried(string method, bool idempotent) =>
        Assert.Equal(idempotent, RetryPolicy.IsIdempotent(new HttpMethod(method)));

    [Fact]
    public void The_backoff_ceiling_doubles_with_each_retry()
    {
        // A random source just below 1 shows the ceiling itself.
        var policy = new RetryPolicy(maxRetries: 3, TimeSpan.FromMilliseconds(200), random: () => 0.999999);

        Assert.InRange(policy.DelayBeforeRetry(0, null)!.Value.TotalMilliseconds, 199, 200);
        Assert.InRange(policy.DelayBeforeRetry(1, null)!.Value.TotalMilliseconds, 399, 400);
        Assert.InRange(policy.DelayBeforeRetry(2, null)!.Value.TotalMilliseconds, 799, 800);
    }

    [Fact]
    public void Full_jitter_can_pick_any_delay_down_to_zero()
    {
        var policy = new RetryPolicy(maxRetries: 3, TimeSpan.FromMilliseconds(200), random: () => 0);

        Assert.Equal(TimeSpan.Zero, policy.DelayBeforeRetry(2, null));
    }

    [Fact]
    public void The_backoff_is_capped()
    {
        var policy = new RetryPolicy(maxRetries: 100, TimeSpan.FromSeconds(1), random: () => 0.999999);

        Assert.True(policy.DelayBeforeRetry(60, null) <= TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void There_is_no_retry_once_max_retries_are_used()
    {
        var policy = new RetryPolicy(maxRetries: 2, TimeSpan.FromMilliseconds(1));

        Assert.NotNull(policy.DelayBeforeRetry(1, null));
        Assert.Null(policy.DelayBeforeRetry(2, null));
    }

    [Fact]
    public void A_retry_after_up_to_30_seconds_replaces_the_backoff_and_a_longer_one_stops_retrying()
    {
        var policy = new RetryPolicy(maxRetries: 3, TimeSpan.FromMilliseconds(1));

        Assert.Equal(TimeSpan.FromSeconds(30), policy.DelayBeforeRetry(0, TimeSpan.FromSeconds(30)));
        Assert.Null(policy.DelayBeforeRetry(0, TimeSpan.FromSeconds(31)));
    }

    [Fact]
    public void Retry_after_is_read_from_seconds()
    {
        using var response = new HttpResponseMessage();
        response.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(7));

        Assert.Equal(TimeSpan.FromSeconds(7), RetryAfterReader.Read(response.Headers, default, DateTimeOffset.UnixEpoch));
    }

    [Fact]
    public void Retry_after_is_read_from_an_http_date_against_the_given_clock()
    {
        var now = new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
        using var response = new HttpResponseMessage();
        response.Headers.TryAddWithoutValidation("Retry-After", "Sun, 01 Mar 2026 12:00:12 GMT");

        Assert.Equal(TimeSpan.FromSeconds(12), RetryAfterReader.Read(response.Headers, default, now));
    }

    [Fact]
    public void A_retry_after_date_in_the_past_means_no_wait()
    {
        using var response = new HttpResponseMessage();
        response.Headers.TryAddWithoutValidation("Retry-After", "Sun, 01 Mar 2026 11:00:00 GMT");

        Assert.Equal(TimeSpan.Zero, RetryAfterReader.Read(response.Headers, default, new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void The_header_wins_over_the_body_and_the_body_is_used_without_a_header()
    {
        using var body = JsonDocument.Parse("""{"retry_after":9}""");
        using var withHeader = new HttpResponseMessage();
        withHeader.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(3));
        using var withoutHeader = new HttpResponseMessage();

        Assert.Equal(TimeSpan.FromSeconds(3), RetryAfterReader.Read(withHeader.Headers, body.RootElement, DateTimeOffset.UnixEpoch));
        Assert.Equal(TimeSpan.FromSeconds(9), RetryAfterReader.Read(withoutHeader.Headers, body.RootElement, DateTimeOffset.UnixEpoch));
    }

    [Theory]
    [InlineData("""{"retry_after":"soon"}""")]
    [InlineData("""{"retry_after":-1}""")]
    [InlineData("""{"message":"x"}""")]
    [InlineData("[]")]
    public void An_unusable_body_retry_after_is_ignored(string json)
    {
        using var body = JsonDocument.Parse(json);

        Assert.Null(RetryAfterReader.FromBody(body.RootElement));
    }
}
