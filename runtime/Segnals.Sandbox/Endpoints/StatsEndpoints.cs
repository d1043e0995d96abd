using Segnals.Sandbox.Accounts;
using Segnals.Sandbox.Http;
using Segnals.Sandbox.Storage;
using Segnals.Sandbox.Trading;

namespace Segnals.Sandbox.Endpoints;

/// <summary>Performance figures, all computed from the stored trades (which the pipeline has brought up to now).</summary>
internal static class StatsEndpoints
{
    private const long DayMs = 24 * 60 * 60 * 1000L;
    private const int EquityCurveDays = 30;
    private static readonly IReadOnlyList<string> Periods = ["day", "week", "month", "year", "all"];

    public static ApiResult Dashboard(ApiRequest request)
    {
        var db = request.Db;
        var user = Users.Get(db, request.UserId);
        var bots = Bots.ListForUser(db, user.Id);
        var lifecycle = request.Services.Lifecycle;
        var active = bots.Count(b => BotLifecycle.IsActiveStatus(lifecycle.StatusOf(b, request.NowMs)));
        var (total, wins, pnl) = Totals(db, "SELECT COUNT(*), COALESCE(SUM(pnl > 0), 0), COALESCE(SUM(pnl), 0) FROM trades WHERE user_id = $1", user.Id);
        var unrealized = bots.Sum(b => Unrealized(b, request.NowMs));

        // Daily equity for the last 30 days: starting balance + realized PnL up to the end of each day.
        var today = request.NowMs - (request.NowMs % DayMs);
        var firstDay = today - ((EquityCurveDays - 1) * DayMs);
        var before = db.ScalarDouble("SELECT COALESCE(SUM(pnl), 0) FROM trades WHERE user_id = $1 AND closed_at < $2", user.Id, firstDay);
        var perDay = new double[EquityCurveDays];
        using (var r = db.Query("SELECT (closed_at - $2) / 86400000, SUM(pnl) FROM trades WHERE user_id = $1 AND closed_at >= $2 GROUP BY 1", user.Id, firstDay))
        {
            while (r.Read())
            {
                var index = r.GetInt64(0);
                if (index is >= 0 and < EquityCurveDays)
                {
                    perDay[index] = r.GetDouble(1);
                }
            }
        }
        var curve = new (long Day, double Equity)[EquityCurveDays];
        var running = user.StartingBalance + before;
        for (var i = 0; i < EquityCurveDays; i++)
        {
            running += perDay[i];
            curve[i] = (firstDay + (i * DayMs), running);
        }

        return ApiResult.Ok((user, bots.Count, active, total, wins, pnl, unrealized, curve), static (w, s) =>
        {
            w.WriteMoney("total_pnl", s.pnl);
            w.WriteRounded("win_rate", s.total == 0 ? 0 : 100.0 * s.wins / s.total, 2);
            w.WriteNumber("active_bots", s.active);
            w.WriteNumber("total_bots", s.Count);
            w.WriteNumber("total_trades", s.total);
            w.WriteStartArray("equity_curve");
            foreach (var (day, equity) in s.curve)
            {
                w.WriteStartObject();
                w.WriteString("date", JsonWriting.Date(day));
                w.WriteMoney("equity", equity);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteMoney("starting_balance", s.user.StartingBalance);
            w.WriteMoney("equity", s.user.StartingBalance + s.pnl + s.unrealized);
            w.WriteMoney("unrealized_pnl", s.unrealized);
            w.WriteString("currency", "USD");
            w.WriteBoolean("simulated", true);
        });
    }

    public static ApiResult Pnl(ApiRequest request)
    {
        var period = request.QueryEnum("period", Periods) ?? "month";
        var db = request.Db;
        var user = Users.Get(db, request.UserId);
        var to = request.NowMs;
        var from = period switch
        {
            "day" => to - DayMs,
            "week" => to - (7 * DayMs),
            "month" => to - (30 * DayMs),
            "year" => to - (365 * DayMs),
            _ => Math.Min(user.CreatedAt, db.Scalar("SELECT MIN(closed_at) FROM trades WHERE user_id = $1", user.Id) as long? ?? user.CreatedAt),
        };
        var before = db.ScalarDouble("SELECT COALESCE(SUM(pnl), 0) FROM trades WHERE user_id = $1 AND closed_at < $2", user.Id, from);
        var startEquity = user.StartingBalance + before;

        int wins = 0, losses = 0;
        double net = 0, equity = startEquity, peak = startEquity, maxDrawdown = 0;
        var perBot = new Dictionary<long, double>();
        using (var r = db.Query("SELECT bot_id, pnl FROM trades WHERE user_id = $1 AND closed_at >= $2 AND closed_at <= $3 ORDER BY closed_at, id", user.Id, from, to))
        {
            while (r.Read())
            {
                var pnl = r.GetDouble(1);
                net += pnl;
                if (pnl > 0)
                {
                    wins++;
                }
                else
                {
                    losses++;
                }
                equity += pnl;
                peak = Math.Max(peak, equity);
                if (peak > 0)
                {
                    maxDrawdown = Math.Max(maxDrawdown, (peak - equity) / peak * 100.0);
                }
                var botId = r.GetInt64(0);
                perBot[botId] = perBot.GetValueOrDefault(botId) + pnl;
            }
        }

        (long Id, string Name, double Pnl)? top = null;
        if (perBot.Count > 0)
        {
            var best = perBot.MaxBy(kv => kv.Value);
            var name = db.Scalar("SELECT name FROM bots WHERE id = $1", best.Key) as string ?? "";
            top = (best.Key, name, best.Value);
        }
        var lifecycle = request.Services.Lifecycle;
        var active = Bots.ListForUser(db, user.Id).Count(b => BotLifecycle.IsActiveStatus(lifecycle.StatusOf(b, request.NowMs)));

        return ApiResult.Ok((period, from, to, net, startEquity, wins, losses, maxDrawdown, active, top), static (w, s) =>
        {
            var trades = s.wins + s.losses;
            w.WriteString("period", s.period);
            w.WriteTime("from", s.from);
            w.WriteTime("to", s.to);
            w.WriteMoney("net_pnl", s.net);
            w.WriteRounded("account_gain_pct", s.startEquity > 0 ? s.net / s.startEquity * 100.0 : 0, 2);
            w.WriteRounded("win_rate", trades == 0 ? 0 : 100.0 * s.wins / trades, 2);
            w.WriteNumber("wins", s.wins);
            w.WriteNumber("losses", s.losses);
            w.WriteRounded("max_drawdown_pct", s.maxDrawdown, 2);
            w.WriteNumber("active_bots", s.active);
            if (s.top is { } t)
            {
                w.WriteStartObject("top_performer");
                w.WriteNumber("bot_id", t.Id);
                w.WriteString("name", t.Name);
                w.WriteMoney("net_pnl", t.Pnl);
                w.WriteEndObject();
            }
            else
            {
                w.WriteNull("top_performer");
            }
            w.WriteNumber("total_trades", trades);
            w.WriteMoney("starting_equity", s.startEquity);
        });
    }

    public static ApiResult Performance(ApiRequest request)
    {
        var bot = BotEndpoints.Find(request);
        var db = request.Db;
        int wins = 0, losses = 0;
        double net = 0, grossProfit = 0, grossLoss = 0, best = 0, worst = 0, cumulative = 0, peak = 0, drawdown = 0;
        using (var r = db.Query("SELECT pnl FROM trades WHERE bot_id = $1 ORDER BY closed_at, id", bot.Id))
        {
            while (r.Read())
            {
                var pnl = r.GetDouble(0);
                var first = wins + losses == 0;
                net += pnl;
                if (pnl > 0)
                {
                    wins++;
                    grossProfit += pnl;
                }
                else
                {
                    losses++;
                    grossLoss -= pnl;
                }
                best = first ? pnl : Math.Max(best, pnl);
                worst = first ? pnl : Math.Min(worst, pnl);
                cumulative += pnl;
                peak = Math.Max(peak, cumulative);
                drawdown = Math.Max(drawdown, peak - cumulative);
            }
        }
        var status = request.Services.Lifecycle.StatusOf(bot, request.NowMs);
        var unrealized = Unrealized(bot, request.NowMs);
        var config = BotConfig.Parse(bot.Config);
        var capital = Math.Max(1, config.OrderSizeUsd);
        return ApiResult.Ok((bot, status, wins, losses, net, grossProfit, grossLoss, best, worst, drawdown, unrealized, capital), static (w, s) =>
        {
            var total = s.wins + s.losses;
            w.WriteNumber("bot_id", s.bot.Id);
            w.WriteString("name", s.bot.Name);
            w.WriteString("status", s.status);
            w.WriteString("symbol", s.bot.Symbol);
            w.WriteMoney("net_pnl", s.net);
            w.WriteRounded("win_rate", total == 0 ? 0 : 100.0 * s.wins / total, 2);
            w.WriteNumber("total_trades", total);
            w.WriteMoney("drawdown", s.drawdown);
            w.WriteRounded("drawdown_pct_of_order_size", s.drawdown / s.capital * 100.0, 2);
            w.WriteNumber("wins", s.wins);
            w.WriteNumber("losses", s.losses);
            w.WriteMoney("gross_profit", s.grossProfit);
            w.WriteMoney("gross_loss", s.grossLoss);
            w.WriteMoney("best_trade", s.best);
            w.WriteMoney("worst_trade", s.worst);
            w.WriteMoney("avg_trade", total == 0 ? 0 : s.net / total);
            if (s.grossLoss > 0)
            {
                w.WriteRounded("profit_factor", s.grossProfit / s.grossLoss, 2);
            }
            else
            {
                w.WriteNull("profit_factor");
            }
            w.WriteMoney("unrealized_pnl", s.unrealized);
            w.WriteBoolean("has_open_position", s.bot.PosSide != 0);
            w.WriteNumber("loss_streak", s.bot.LossStreak);
            w.WriteTime("since", s.bot.CreatedAt);
        });
    }

    public static ApiResult Trades(ApiRequest request)
    {
        var db = request.Db;
        var botId = request.QueryId("bot_id");
        var limit = request.QueryInt("limit", 1, 100, 50);
        var offset = request.QueryInt("offset", 0, int.MaxValue, 0);
        if (botId is { } id && Bots.Find(db, request.UserId, id) is null)
        {
            throw ApiException.NotFound("Bot");
        }
        var total = botId is { } b
            ? db.ScalarLong("SELECT COUNT(*) FROM trades WHERE user_id = $1 AND bot_id = $2", request.UserId, b)
            : db.ScalarLong("SELECT COUNT(*) FROM trades WHERE user_id = $1", request.UserId);
        var rows = new List<TradeRow>(Math.Min(limit, 100));
        using (var r = botId is { } bb
            ? db.Query("SELECT id, bot_id, symbol, side, entry_price, exit_price, quantity, pnl, opened_at, closed_at, reason FROM trades WHERE user_id = $1 AND bot_id = $2 ORDER BY closed_at DESC, id DESC LIMIT $3 OFFSET $4", request.UserId, bb, limit, offset)
            : db.Query("SELECT id, bot_id, symbol, side, entry_price, exit_price, quantity, pnl, opened_at, closed_at, reason FROM trades WHERE user_id = $1 ORDER BY closed_at DESC, id DESC LIMIT $2 OFFSET $3", request.UserId, limit, offset))
        {
            while (r.Read())
            {
                rows.Add(new TradeRow(r.GetInt64(0), r.GetInt64(1), r.GetString(2), r.GetString(3), r.GetDouble(4), r.GetDouble(5), r.GetDouble(6), r.GetDouble(7), r.GetInt64(8), r.GetInt64(9), r.GetString(10)));
            }
        }
        return ApiResult.Ok((rows, total, limit, offset), static (w, s) =>
        {
            w.WriteStartArray("trades");
            foreach (var t in s.rows)
            {
                w.WriteStartObject();
                w.WriteNumber("id", t.Id);
                w.WriteNumber("bot_id", t.BotId);
                w.WriteString("symbol", t.Symbol);
                w.WriteString("side", t.Side);
                w.WriteNumber("entry_price", t.Entry);
                w.WriteNumber("exit_price", t.Exit);
                w.WriteNumber("quantity", t.Quantity);
                w.WriteMoney("pnl", t.Pnl);
                w.WriteTime("opened_at", t.OpenedAt);
                w.WriteTime("closed_at", t.ClosedAt);
                w.WriteString("exit_reason", t.Reason);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteNumber("total", s.total);
            w.WriteNumber("limit", s.limit);
            w.WriteNumber("offset", s.offset);
        });
    }

    /// <summary>Open-position PnL at the current simulated price.</summary>
    public static double Unrealized(BotRecord bot, long nowMs)
    {
        if (bot.PosSide == 0 || Symbols.Find(bot.Symbol) is not { } symbol)
        {
            return 0;
        }
        var price = PricePath.AtTime(symbol, nowMs);
        return bot.PosSide * bot.PosQuantity * (price - bot.PosEntry);
    }

    private static (long Total, long Wins, double Pnl) Totals(Db db, string sql, long userId)
    {
        using var r = db.Query(sql, userId);
        r.Read();
        return (r.GetInt64(0), r.GetInt64(1), r.GetDouble(2));
    }

    private readonly record struct TradeRow(long Id, long BotId, string Symbol, string Side, double Entry, double Exit, double Quantity, double Pnl, long OpenedAt, long ClosedAt, string Reason);
}
