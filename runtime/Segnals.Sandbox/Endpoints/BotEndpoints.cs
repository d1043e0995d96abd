using System.Globalization;
using System.Text.Json.Nodes;
using Segnals.Sandbox.Accounts;
using Segnals.Sandbox.Http;
using Segnals.Sandbox.Trading;

namespace Segnals.Sandbox.Endpoints;

/// <summary>Bots: list, read, create, update, delete and the start/stop/restart control.</summary>
internal static class BotEndpoints
{
    public static readonly IReadOnlyList<string> Statuses = ["stopped", "starting", "warming_up", "running", "error"];
    private static readonly IReadOnlyList<string> Actions = ["start", "stop", "restart"];

    public static ApiResult List(ApiRequest request)
    {
        var filter = request.QueryEnum("status", Statuses);
        var lifecycle = request.Services.Lifecycle;
        var bots = new List<(BotRecord Bot, string Status)>();
        foreach (var bot in Bots.ListForUser(request.Db, request.UserId))
        {
            var status = lifecycle.StatusOf(bot, request.NowMs);
            if (filter is null || filter == status)
            {
                bots.Add((bot, status));
            }
        }
        return ApiResult.Ok(bots, static (w, list) =>
        {
            w.WriteStartArray("bots");
            foreach (var (bot, status) in list)
            {
                w.WriteStartObject();
                WriteSummary(w, bot, status);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteNumber("total", list.Count);
        });
    }

    public static ApiResult Get(ApiRequest request)
    {
        var bot = Find(request);
        var status = request.Services.Lifecycle.StatusOf(bot, request.NowMs);
        return ApiResult.Ok((bot, status), static (w, s) =>
        {
            var (bot, status) = s;
            w.WriteStartObject("bot");
            WriteSummary(w, bot, status);
            w.WriteNumber("user_id", bot.UserId);
            w.WriteTime("updated_at", bot.UpdatedAt);
            w.WriteTime("started_at", bot.StartedAt);
            w.WriteNumber("loss_streak", bot.LossStreak);
            w.WriteRaw("config", bot.Config);
            if (bot.PosSide != 0 && Symbols.Find(bot.Symbol) is { } symbol)
            {
                w.WriteStartObject("open_position");
                w.WriteString("side", bot.PosSide > 0 ? "long" : "short");
                w.WriteNumber("entry_price", symbol.Round(bot.PosEntry));
                w.WriteRounded("quantity", bot.PosQuantity, 6);
                w.WriteMoney("notional_usd", bot.PosNotional);
                w.WriteTime("opened_at", PricePath.TimeOfMinute(bot.PosOpenedMinute));
                w.WriteEndObject();
            }
            else
            {
                w.WriteNull("open_position");
            }
            w.WriteEndObject();
        });
    }

    public static ApiResult Logs(ApiRequest request)
    {
        var bot = Find(request);
        var limit = request.QueryInt("limit", 1, 200, 50);
        var logs = new List<(long At, string Level, string Message)>();
        using (var r = request.Db.Query("SELECT at, level, message FROM bot_logs WHERE bot_id = $1 ORDER BY at DESC, id DESC LIMIT $2", bot.Id, limit))
        {
            while (r.Read())
            {
                logs.Add((r.GetInt64(0), r.GetString(1), r.GetString(2)));
            }
        }
        return ApiResult.Ok((bot.Id, logs), static (w, s) =>
        {
            w.WriteNumber("bot_id", s.Id);
            w.WriteStartArray("logs");
            foreach (var (at, level, message) in s.logs)
            {
                w.WriteStartObject();
                w.WriteTime("at", at);
                w.WriteString("level", level);
                w.WriteString("message", message);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        });
    }

    public static ApiResult Create(ApiRequest request)
    {
        var body = request.Body;
        body.AllowOnly("exchange", "name", "symbol");
        var exchange = body.RequiredEnum("exchange", Symbols.Exchanges);
        var symbol = ResolveSymbol(body.OptionalString("symbol", 1, 20), exchange);
        var name = body.OptionalString("name", 1, 100) ?? string.Create(CultureInfo.InvariantCulture, $"{BotLifecycle.ExchangeName(exchange)} {symbol} bot");
        var id = CreateBot(request, name, exchange, symbol, StrategySchema.Defaults(exchange), "Created");
        return ApiResult.Ok(id, static (w, id) =>
        {
            w.WriteString("msg", "Bot created (stopped). Start it when you are ready.");
            w.WriteNumber("bot_id", id);
        });
    }

    public static ApiResult Update(ApiRequest request)
    {
        var body = request.Body;
        body.AllowOnly("name", "config");
        var bot = Find(request);
        var name = body.OptionalString("name", 1, 100);
        var patch = body.OptionalObject("config");
        if (name is null && patch is null)
        {
            throw ApiException.Validation("config", "Nothing to update: send name and/or config");
        }
        var changes = new List<string>();
        var config = bot.Config;
        if (patch is { } p)
        {
            var merged = (JsonObject)JsonNode.Parse(bot.Config)!;
            StrategySchema.Merge(merged, p, bot.Exchange);
            config = merged.ToJson();
            changes.AddRange(p.EnumerateObject().Select(x => x.Name));
            // Trades made so far were made under the old config.
            request.Services.Lifecycle.CatchUp(request.Db, bot, request.NowMs);
        }
        if (name is not null)
        {
            changes.Insert(0, "name");
        }
        request.Db.Execute("UPDATE bots SET name = $2, config = $3, updated_at = $4 WHERE id = $1", bot.Id, name ?? bot.Name, config, request.NowMs);
        Bots.Log(request.Db, bot.Id, request.NowMs, "info", "Updated: " + string.Join(", ", changes));
        return ApiResult.Ok(bot.Id, static (w, id) =>
        {
            w.WriteString("msg", "Bot updated");
            w.WriteNumber("bot_id", id);
        });
    }

    public static ApiResult Delete(ApiRequest request)
    {
        var bot = Find(request);
        var status = request.Services.Lifecycle.StatusOf(bot, request.NowMs);
        if (status != "stopped")
        {
            throw ApiException.Conflict($"Bot {bot.Id} is {status}; stop it before deleting it");
        }
        request.Db.Execute("UPDATE bots SET deleted_at = $2, updated_at = $2 WHERE id = $1", bot.Id, request.NowMs);
        return ApiResult.Ok(bot.Id, static (w, id) =>
        {
            w.WriteString("msg", "Bot deleted");
            w.WriteNumber("bot_id", id);
        });
    }

    public static ApiResult Control(ApiRequest request)
    {
        var body = request.Body;
        body.AllowOnly("action");
        var action = body.RequiredEnum("action", Actions);
        var bot = Find(request);
        var lifecycle = request.Services.Lifecycle;
        var db = request.Db;
        var now = request.NowMs;
        var status = lifecycle.StatusOf(bot, now);
        var connected = Users.Get(db, request.UserId).IsConnected(bot.Exchange);
        string result;
        switch (action)
        {
            case "start":
                if (BotLifecycle.IsActiveStatus(status))
                {
                    throw ApiException.Conflict($"Bot {bot.Id} is already {status}");
                }
                result = lifecycle.Start(db, bot, now, connected, resetLossStreak: false);
                break;
            case "stop":
                if (status == "stopped")
                {
                    throw ApiException.Conflict($"Bot {bot.Id} is already stopped");
                }
                lifecycle.Stop(db, bot, now);
                result = "stopped";
                break;
            default:
                if (BotLifecycle.IsActiveStatus(status))
                {
                    lifecycle.Stop(db, bot, now, reason: "restarted");
                }
                result = lifecycle.Start(db, bot, now, connected, resetLossStreak: true);
                break;
        }
        var warmupSeconds = request.Services.Options.WarmupDuration.TotalSeconds;
        var message = result switch
        {
            "error" => $"Bot {bot.Id} could not start: {BotLifecycle.ExchangeName(bot.Exchange)} is not connected on this account (see the bot's logs)",
            "stopped" => $"Bot {bot.Id} stopped; any open position was closed",
            _ => string.Create(CultureInfo.InvariantCulture, $"Bot {bot.Id} is {result}: it goes starting → warming_up → running over about {warmupSeconds:0.#} s"),
        };
        return ApiResult.Ok((result, message, bot.Id), static (w, s) =>
        {
            w.WriteString("status", s.result);
            w.WriteString("msg", s.message);
            w.WriteNumber("bot_id", s.Id);
        });
    }

    /// <summary>Creates a stopped bot after the plan's bot limit check; shared by create, strategies and marketplace copies.</summary>
    public static long CreateBot(ApiRequest request, string name, string exchange, string symbol, JsonObject config, string origin)
    {
        var db = request.Db;
        var user = Users.Get(db, request.UserId);
        if (Tiers.BotLimit(user.Tier) is { } limit && Bots.CountForUser(db, user.Id) >= limit)
        {
            throw ApiException.Forbidden($"Bot limit reached: the {Tiers.PlanName(user.Tier)} plan allows {limit} bots. Delete a bot or upgrade.");
        }
        var id = Bots.Insert(db, user.Id, name, exchange, symbol, config.ToJson(), request.NowMs);
        Bots.Log(db, id, request.NowMs, "info", $"{origin}: {BotLifecycle.ExchangeName(exchange)} {symbol}, stopped");
        return id;
    }

    public static string ResolveSymbol(string? requested, string exchange)
    {
        if (requested is null)
        {
            return Symbols.DefaultSymbol(exchange);
        }
        var info = Symbols.Find(requested);
        if (info is null || !Symbols.IsListedOn(info, exchange))
        {
            throw ApiException.Validation("symbol",
                $"Unsupported symbol '{requested}' on {exchange}; supported: {string.Join(", ", Symbols.ListedOn(exchange))}.");
        }
        return info.Symbol;
    }

    public static BotRecord Find(ApiRequest request) =>
        Bots.Find(request.Db, request.UserId, request.RouteId("id", "Bot")) ?? throw ApiException.NotFound("Bot");

    private static void WriteSummary(System.Text.Json.Utf8JsonWriter w, BotRecord bot, string status)
    {
        w.WriteNumber("id", bot.Id);
        w.WriteString("name", bot.Name);
        w.WriteString("exchange", bot.Exchange);
        w.WriteString("status", status);
        w.WriteString("symbol", bot.Symbol);
        w.WriteString("timeframe", BotConfig.TimeframeOf(bot.Config));
        w.WriteTime("created_at", bot.CreatedAt);
    }
}
