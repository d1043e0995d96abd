using System.Net;
using Segnals.Sandbox.Tests.Infrastructure;
using Xunit;

namespace Segnals.Sandbox.Tests;

public sealed class MarketplaceTests
{
    [Fact]
    public async Task Browse_filters_sorts_and_pages()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var client = await sandbox.DemoAsync();

        var all = await client.GetAsync("marketplace?per_page=50");
        var listings = all["listings"].EnumerateArray().ToList();
        Assert.True(listings.Count >= 6);
        Assert.Equal(listings.Count, all.Long("total"));
        Assert.DoesNotContain(listings, l => l.GetProperty("title").GetString()!.Contains("in review", StringComparison.Ordinal));
        Assert.Contains(listings, l => l.GetProperty("price_usd").GetDouble() == 0);
        Assert.Contains(listings, l => l.GetProperty("price_usd").GetDouble() > 0);
        var ratings = listings.Select(l => l.GetProperty("rating").GetDouble()).ToList();
        Assert.Equal(ratings.OrderByDescending(r => r), ratings);

        var mt5 = (await client.GetAsync("marketplace?exchange=mt5"))["listings"].EnumerateArray().ToList();
        Assert.NotEmpty(mt5);
        Assert.All(mt5, l => Assert.Equal("mt5", l.GetProperty("exchange").GetString()));

        var low = (await client.GetAsync("marketplace?max_risk=low"))["listings"].EnumerateArray().ToList();
        Assert.NotEmpty(low);
        Assert.All(low, l => Assert.Equal("low", l.GetProperty("risk").GetString()));
        var medium = (await client.GetAsync("marketplace?max_risk=medium"))["listings"].EnumerateArray().ToList();
        Assert.True(medium.Count > low.Count);
        Assert.DoesNotContain(medium, l => l.GetProperty("risk").GetString() == "high");

        var byReturn = (await client.GetAsync("marketplace?sort=return"))["listings"].EnumerateArray().Select(l => l.GetProperty("return_pct").GetDouble()).ToList();
        Assert.Equal(byReturn.OrderByDescending(r => r), byReturn);
        var byDrawdown = (await client.GetAsync("marketplace?sort=drawdown"))["listings"].EnumerateArray().Select(l => l.GetProperty("max_drawdown_pct").GetDouble()).ToList();
        Assert.Equal(byDrawdown.OrderBy(r => r), byDrawdown);

        var found = (await client.GetAsync("marketplace?query=GOLD"))["listings"].EnumerateArray().ToList();
        Assert.NotEmpty(found);
        Assert.All(found, l => Assert.Equal("XAUUSD", l.GetProperty("symbol").GetString()));

        var page2 = await client.GetAsync("marketplace?per_page=2&page=2");
        Assert.Equal(2, page2.Long("page"));
        Assert.Equal(2, page2.Long("per_page"));
        Assert.Equal(all.Long("total"), page2.Long("total"));
        Assert.Equal(listings.Skip(2).Take(2).Select(l => l.GetProperty("id").GetInt64()),
                     page2["listings"].EnumerateArray().Select(l => l.GetProperty("id").GetInt64()));
    }

    [Fact]
    public async Task A_listing_is_found_by_id_or_slug_but_not_while_in_review()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var client = await sandbox.DemoAsync();
        var first = (await client.GetAsync("marketplace?exchange=bybit"))["listings"][0];
        var id = first.GetProperty("id").GetInt64();
        var slug = first.GetProperty("slug").GetString()!;

        var byId = await client.GetAsync($"marketplace/{id}");
        var bySlug = await client.GetAsync($"marketplace/{slug}");

        Assert.Equal(HttpStatusCode.OK, byId.Status);
        Assert.Equal(byId.Raw, bySlug.Raw);
        Assert.Equal(JsonValueKindObject, byId["performance"].ValueKind);
        Assert.False(string.IsNullOrEmpty(byId.Str("description")));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("marketplace/btc-scalper-in-review")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("marketplace/99999")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("marketplace/Bad_Slug!")).Status);
    }

    private const System.Text.Json.JsonValueKind JsonValueKindObject = System.Text.Json.JsonValueKind.Object;

    [Fact]
    public async Task Copying_a_free_listing_creates_a_stopped_bot_with_its_config()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var client = await sandbox.DemoAsync();
        var free = (await client.GetAsync("marketplace?per_page=50"))["listings"].EnumerateArray()
            .First(l => l.GetProperty("price_usd").GetDouble() == 0 && l.GetProperty("seller_name").GetString() != "demo");
        var listing = await client.GetAsync($"marketplace/{free.GetProperty("id").GetInt64()}");

        var copy = await client.PostAsync($"marketplace/{free.GetProperty("slug").GetString()}/copy", """{"disclaimer_version":"2025-01","client":"mcp"}""");

        Assert.Equal(HttpStatusCode.OK, copy.Status);
        Assert.Equal("paid", copy.Str("status"));
        var bot = (await client.GetAsync($"bots/{copy.Long("bot_id")}"))["bot"];
        Assert.Equal("stopped", bot.GetProperty("status").GetString());
        Assert.Equal(listing.Str("exchange"), bot.GetProperty("exchange").GetString());
        Assert.Equal(listing.Str("symbol"), bot.GetProperty("symbol").GetString());
        Assert.Equal(listing["config"].GetProperty("leverage").GetInt32(), bot.GetProperty("config").GetProperty("leverage").GetInt32());
        Assert.Equal(listing["config"].GetProperty("timeframe").GetString(), bot.GetProperty("config").GetProperty("timeframe").GetString());
    }

    [Fact]
    public async Task Copying_a_paid_listing_returns_a_pending_invoice_and_creates_no_bot()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var client = await sandbox.DemoAsync();
        var paid = (await client.GetAsync("marketplace?per_page=50"))["listings"].EnumerateArray()
            .First(l => l.GetProperty("price_usd").GetDouble() > 0 && l.GetProperty("seller_name").GetString() != "demo");
        var bots = (await client.GetAsync("bots/"))["bots"].GetArrayLength();
        Assert.Equal(JsonValueKindNull, (await client.GetAsync($"marketplace/{paid.GetProperty("id").GetInt64()}"))["config"].ValueKind);

        var copy = await client.PostAsync($"marketplace/{paid.GetProperty("id").GetInt64()}/copy", """{"disclaimer_version":"2025-01"}""");

        Assert.Equal(HttpStatusCode.OK, copy.Status);
        Assert.Equal("pending", copy.Str("status"));
        var invoice = new Uri(copy.Str("invoice_url")!);
        Assert.Equal("https", invoice.Scheme);
        Assert.Equal("pay.segnals.test", invoice.Host);
        Assert.EndsWith(copy.Str("payment_id")!, invoice.AbsolutePath, StringComparison.Ordinal);
        Assert.Equal(bots, (await client.GetAsync("bots/"))["bots"].GetArrayLength());
    }

    private const System.Text.Json.JsonValueKind JsonValueKindNull = System.Text.Json.JsonValueKind.Null;

    [Fact]
    public async Task Publishing_needs_vip_and_lands_in_review_in_my_sales()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var demo = await sandbox.DemoAsync();
        var bot = (await demo.GetAsync("bots/"))["bots"][0].GetProperty("id").GetInt64();
        var salesBefore = (await demo.GetAsync("marketplace/me/sales"))["listings"].GetArrayLength();

        var published = await demo.PostAsync("marketplace/listings",
            $$"""{"source_bot_id":{{bot}},"title":"My Trend Bot","description":"Follows the trend.","price_usd":25,"seller_terms_version":"v1","client":"mcp"}""");

        Assert.Equal(HttpStatusCode.OK, published.Status);
        var listingId = published.Long("listing_id");
        var sales = (await demo.GetAsync("marketplace/me/sales"))["listings"].EnumerateArray().ToList();
        Assert.Equal(salesBefore + 1, sales.Count);
        var mine = Assert.Single(sales, l => l.GetProperty("id").GetInt64() == listingId);
        Assert.Equal("pending_review", mine.GetProperty("status").GetString());
        Assert.Equal(25, mine.GetProperty("price_usd").GetDouble());
        Assert.Equal(0, mine.GetProperty("sales").GetInt64());
        Assert.DoesNotContain((await demo.GetAsync("marketplace?per_page=50"))["listings"].EnumerateArray(), l => l.GetProperty("id").GetInt64() == listingId);
        // The seller can read it; nobody else can yet.
        Assert.Equal(HttpStatusCode.OK, (await demo.GetAsync($"marketplace/{listingId}")).Status);
        var other = await sandbox.UserAsync("other");
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"marketplace/{listingId}")).Status);

        // A Pro account may not publish.
        var otherBot = (await other.GetAsync("bots/"))["bots"][0].GetProperty("id").GetInt64();
        var refused = await other.PostAsync("marketplace/listings", $$"""{"source_bot_id":{{otherBot}},"title":"Nope","description":"d","price_usd":0}""");
        Assert.Equal(HttpStatusCode.Forbidden, refused.Status);
        Assert.Contains("VIP", refused.Str("message"));
        Assert.Empty((await other.GetAsync("marketplace/me/sales"))["listings"].EnumerateArray());
    }
}
