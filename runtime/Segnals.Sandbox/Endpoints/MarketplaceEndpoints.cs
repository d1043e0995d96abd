using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Segnals.Sandbox.Accounts;
using Segnals.Sandbox.Http;
using Segnals.Sandbox.Storage;
using Segnals.Sandbox.Trading;

namespace Segnals.Sandbox.Endpoints;

/// <summary>
/// The strategy marketplace: browse and read approved listings, copy one (free: a stopped bot at once;
/// paid: a pending invoice on a fake payment host, nothing is charged), publish your own (VIP), see your sales.
/// </summary>
internal static class MarketplaceEndpoints
{
    public const string InvoiceHost = "https://pay.segnals.test";
    private static readonly IReadOnlyList<string> Sorts = ["rating", "return", "drawdown", "newest"];
    private static readonly IReadOnlyList<string> Risks = ["low", "medium", "high"];

    private const string ListingColumns =
        "l.id, l.slug, l.title, l.description, u.username, l.exchange, l.symbol, l.price_usd, l.rating, l.return_pct, l.max_drawdown_pct, l.risk, l.perf_source, l.performance, l.config, l.status, l.seller_user_id, l.sales, l.revenue_usd, l.created_at";

    public static ApiResult Browse(ApiRequest request)
    {
        var page = request.QueryInt("page", 1, 100_000, 1);
        var perPage = request.QueryInt("per_page", 1, 50, 20);
        var exchange = request.QueryEnum("exchange", Symbols.Exchanges);
        var query = request.Query("query");
        if (query is { Length: > 200 })
        {
            throw ApiException.Validation("query", "query must be at most 200 characters");
        }
        var sort = request.QueryEnum("sort", Sorts) ?? "rating";
        var maxRisk = request.QueryEnum("max_risk", Risks);

        var where = new StringBuilder("l.status = 'approved'");
        where.Append(" AND ($1 IS NULL OR l.exchange = $1)");
        where.Append(" AND ($2 IS NULL OR instr(lower(l.title || ' ' || l.description || ' ' || l.symbol || ' ' || u.username), lower($2)) > 0)");
        where.Append(" AND ($3 IS NULL OR (CASE l.risk WHEN 'low' THEN 1 WHEN 'medium' THEN 2 ELSE 3 END) <= $3)");
        var order = sort switch
        {
            "return" => "l.return_pct DESC, l.id",
            "drawdown" => "l.max_drawdown_pct ASC, l.id",
            "newest" => "l.created_at DESC, l.id DESC",
            _ => "l.rating DESC, l.id",
        };
        long? riskLevel = maxRisk switch
        {
            "low" => 1,
            "medium" => 2,
            "high" => 3,
            _ => null,
        };
        var db = request.Db;
        var total = db.ScalarLong($"SELECT COUNT(*) FROM listings l JOIN users u ON u.id = l.seller_user_id WHERE {where}", exchange, query, riskLevel);
        var listings = new List<Listing>();
        using (var r = db.Query($"SELECT {ListingColumns} FROM listings l JOIN users u ON u.id = l.seller_user_id WHERE {where} ORDER BY {order} LIMIT $4 OFFSET $5",
            exchange, query, riskLevel, perPage, (long)(page - 1) * perPage))
        {
            while (r.Read())
            {
                listings.Add(Read(r));
            }
        }
        return ApiResult.Ok((listings, total, page, perPage), static (w, s) =>
        {
            w.WriteStartArray("listings");
            foreach (var l in s.listings)
            {
                w.WriteStartObject();
                w.WriteNumber("id", l.Id);
                w.WriteString("slug", l.Slug);
                w.WriteString("title", l.Title);
                w.WriteString("seller_name", l.SellerName);
                w.WriteString("exchange", l.Exchange);
                w.WriteString("symbol", l.Symbol);
                w.WriteMoney("price_usd", l.PriceUsd);
                w.WriteNullableNumber("rating", l.Rating);
                w.WriteNumber("return_pct", l.ReturnPct);
                w.WriteNumber("max_drawdown_pct", l.MaxDrawdownPct);
                w.WriteString("risk", l.Risk);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteNumber("total", s.total);
            w.WriteNumber("page", s.page);
            w.WriteNumber("per_page", s.perPage);
        });
    }

    public static ApiResult Get(ApiRequest request)
    {
        var listing = FindVisible(request);
        return ApiResult.Ok((listing, request.UserId), static (w, s) =>
        {
            var l = s.listing;
            w.WriteNumber("id", l.Id);
            w.WriteString("slug", l.Slug);
            w.WriteString("title", l.Title);
            w.WriteString("description", l.Description);
            w.WriteString("seller_name", l.SellerName);
            w.WriteString("exchange", l.Exchange);
            w.WriteString("symbol", l.Symbol);
            w.WriteMoney("price_usd", l.PriceUsd);
            w.WriteString("perf_source", l.PerfSource);
            w.WriteRaw("performance", l.Performance);
            w.WriteString("risk", l.Risk);
            w.WriteNullableNumber("rating", l.Rating);
            w.WriteString("status", l.Status);
            w.WriteTime("created_at", l.CreatedAt);
            // A paid strategy's settings are what the buyer pays for: shown only for free listings or to the seller.
            if (l.PriceUsd == 0 || l.SellerUserId == s.UserId)
            {
                w.WriteRaw("config", l.Config);
            }
            else
            {
                w.WriteNull("config");
            }
        });
    }

    public static ApiResult MySales(ApiRequest request)
    {
        var rows = new List<(long Id, string Title, string Status, double Price, long Sales, double Revenue)>();
        using (var r = request.Db.Query("SELECT id, title, status, price_usd, sales, revenue_usd FROM listings WHERE seller_user_id = $1 ORDER BY id", request.UserId))
        {
            while (r.Read())
            {
                rows.Add((r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetDouble(3), r.GetInt64(4), r.GetDouble(5)));
            }
        }
        return ApiResult.Ok(rows, static (w, list) =>
        {
            w.WriteStartArray("listings");
            foreach (var l in list)
            {
                w.WriteStartObject();
                w.WriteNumber("id", l.Id);
                w.WriteString("title", l.Title);
                w.WriteString("status", l.Status);
                w.WriteMoney("price_usd", l.Price);
                w.WriteNumber("sales", l.Sales);
                w.WriteMoney("revenue_usd", l.Revenue);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        });
    }

    public static ApiResult Copy(ApiRequest request)
    {
        var body = request.Body;
        body.AllowOnly("disclaimer_version");
        var disclaimer = body.OptionalString("disclaimer_version", 1, 50);
        var listing = FindVisible(request);
        if (listing.Status != "approved")
        {
            throw ApiException.Conflict($"Listing {listing.Id} is {listing.Status} and cannot be copied yet");
        }
        if (listing.SellerUserId == request.UserId)
        {
            throw ApiException.Conflict("This is your own listing; your bot already has this strategy");
        }
        var db = request.Db;
        if (listing.PriceUsd == 0)
        {
            var config = (JsonObject)JsonNode.Parse(listing.Config)!;
            var name = Truncate("Copy of " + listing.Title, 100);
            var botId = BotEndpoints.CreateBot(request, name, listing.Exchange, listing.Symbol, config, $"Copied from marketplace listing {listing.Id}");
            db.Execute("INSERT INTO purchases (user_id, listing_id, payment_id, status, amount_usd, bot_id, disclaimer_version, created_at) VALUES ($1, $2, NULL, 'paid', 0, $3, $4, $5)",
                request.UserId, listing.Id, botId, disclaimer, request.NowMs);
            db.Execute("UPDATE listings SET sales = sales + 1 WHERE id = $1", listing.Id);
            return ApiResult.Ok((botId, listing.Title), static (w, s) =>
            {
                w.WriteString("msg", $"Copied '{s.Title}' as a stopped bot. Review its settings, then start it.");
                w.WriteNumber("bot_id", s.botId);
                w.WriteString("status", "paid");
            });
        }

        var paymentId = "pay_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        db.Execute("INSERT INTO purchases (user_id, listing_id, payment_id, status, amount_usd, bot_id, disclaimer_version, created_at) VALUES ($1, $2, $3, 'pending', $4, NULL, $5, $6)",
            request.UserId, listing.Id, paymentId, listing.PriceUsd, disclaimer, request.NowMs);
        return ApiResult.Ok((paymentId, listing.PriceUsd, listing.Title), static (w, s) =>
        {
            w.WriteString("msg", string.Create(CultureInfo.InvariantCulture, $"'{s.Title}' costs ${s.PriceUsd:0.00}. Pay the invoice to receive the strategy (sandbox: simulated invoice, nothing is charged)."));
            w.WriteString("status", "pending");
            w.WriteString("invoice_url", InvoiceHost + "/invoice/" + s.paymentId);
            w.WriteString("payment_id", s.paymentId);
            w.WriteMoney("price_usd", s.PriceUsd);
        });
    }

    public static ApiResult Publish(ApiRequest request)
    {
        var db = request.Db;
        var user = Users.Get(db, request.UserId);
        if (!user.IsVip)
        {
            throw ApiException.Forbidden($"Publishing to the marketplace needs the VIP plan; this account is on {Tiers.PlanName(user.Tier)}.");
        }
        var body = request.Body;
        body.AllowOnly("source_bot_id", "title", "description", "price_usd", "seller_terms_version");
        var botId = body.RequiredId("source_bot_id");
        var title = body.RequiredString("title", 1, 200);
        var description = body.RequiredString("description", 1, 2000);
        var price = body.OptionalNumber("price_usd", 0, 10_000) ?? throw ApiException.Validation("price_usd", "price_usd is required (0 for a free listing)");
        _ = body.OptionalString("seller_terms_version", 1, 50);
        var bot = Bots.Find(db, user.Id, botId) ?? throw ApiException.NotFound("Bot");

        var config = BotConfig.Parse(bot.Config);
        var (trades, wins, net, drawdown) = BotTrackRecord(db, bot.Id);
        var capital = Math.Max(1, config.OrderSizeUsd);
        var returnPct = Math.Round(net / capital * 100.0, 2);
        var drawdownPct = Math.Round(drawdown / capital * 100.0, 2);
        var risk = config.MartingaleEnabled || config.Leverage > 20 ? "high" : config.Leverage > 5 || config.StopLossPct <= 0 ? "medium" : "low";
        var performance = ApiResult.Object((trades, wins, returnPct, drawdownPct), static (w, s) =>
        {
            w.WriteNumber("return_pct", s.returnPct);
            w.WriteNumber("max_drawdown_pct", s.drawdownPct);
            w.WriteRounded("win_rate", s.trades == 0 ? 0 : 100.0 * s.wins / s.trades, 2);
            w.WriteNumber("total_trades", s.trades);
            w.WriteString("note", "Sandbox track record of the source bot; simulated.");
        });
        var id = db.Insert(
            """
            INSERT INTO listings (slug, seller_user_id, title, description, exchange, symbol, price_usd, rating, return_pct, max_drawdown_pct, risk,
                                  perf_source, performance, config, status, source_bot_id, created_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, NULL, $8, $9, $10, $11, $12, $13, 'pending_review', $14, $15)
            """,
            "pending-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)), user.Id, title, description, bot.Exchange, bot.Symbol, price,
            returnPct, drawdownPct, risk, trades > 0 ? "live" : "none", Encoding.UTF8.GetString(performance), bot.Config, bot.Id, request.NowMs);
        db.Execute("UPDATE listings SET slug = $2 WHERE id = $1", id, Slugify(title) + "-" + id.ToString(CultureInfo.InvariantCulture));
        return ApiResult.Ok(id, static (w, id) =>
        {
            w.WriteString("msg", "Listing submitted; it is pending review and not visible to buyers yet.");
            w.WriteNumber("listing_id", id);
            w.WriteString("status", "pending_review");
        });
    }

    public static string Slugify(string title)
    {
        var slug = new StringBuilder();
        foreach (var c in title.ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                slug.Append(c);
            }
            else if (slug.Length > 0 && slug[^1] != '-')
            {
                slug.Append('-');
            }
            if (slug.Length >= 60)
            {
                break;
            }
        }
        var text = slug.ToString().Trim('-');
        return text.Length == 0 ? "listing" : text;
    }

    private static (long Trades, long Wins, double Net, double Drawdown) BotTrackRecord(Db db, long botId)
    {
        long trades = 0, wins = 0;
        double net = 0, peak = 0, drawdown = 0;
        using var r = db.Query("SELECT pnl FROM trades WHERE bot_id = $1 ORDER BY closed_at, id", botId);
        while (r.Read())
        {
            var pnl = r.GetDouble(0);
            trades++;
            wins += pnl > 0 ? 1 : 0;
            net += pnl;
            peak = Math.Max(peak, net);
            drawdown = Math.Max(drawdown, peak - net);
        }
        return (trades, wins, net, drawdown);
    }

    /// <summary>An approved listing by numeric id or slug; the caller's own listings are visible in any status.</summary>
    private static Listing FindVisible(ApiRequest request)
    {
        var raw = request.RouteValue("id");
        Listing? listing = null;
        if (raw.Length is > 0 and <= 120)
        {
            if (raw.All(char.IsAsciiDigit))
            {
                if (long.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
                {
                    listing = Load(request.Db, "l.id = $1", id);
                }
            }
            else if (raw.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
            {
                listing = Load(request.Db, "l.slug = $1", raw);
            }
        }
        if (listing is null || (listing.Status != "approved" && listing.SellerUserId != request.UserId))
        {
            throw ApiException.NotFound("Listing");
        }
        return listing;
    }

    private static Listing? Load(Db db, string where, object key)
    {
        using var r = db.Query($"SELECT {ListingColumns} FROM listings l JOIN users u ON u.id = l.seller_user_id WHERE {where}", key);
        return r.Read() ? Read(r) : null;
    }

    private static Listing Read(SqliteDataReader r) => new(
        r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5), r.GetString(6), r.GetDouble(7),
        r.GetDoubleOrNull(8), r.GetDouble(9), r.GetDouble(10), r.GetString(11), r.GetString(12), r.GetString(13), r.GetString(14), r.GetString(15),
        r.GetInt64(16), r.GetInt64(17), r.GetDouble(18), r.GetInt64(19));

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..max];

    private sealed record Listing(
        long Id, string Slug, string Title, string Description, string SellerName, string Exchange, string Symbol, double PriceUsd,
        double? Rating, double ReturnPct, double MaxDrawdownPct, string Risk, string PerfSource, string Performance, string Config, string Status,
        long SellerUserId, long Sales, double RevenueUsd, long CreatedAt);
}
