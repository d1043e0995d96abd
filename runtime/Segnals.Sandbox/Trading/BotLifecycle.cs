using System.Globalization;
using Segnals.Sandbox.Storage;

namespace Segnals.Sandbox.Trading;

/// <summary>
/// Bot lifecycle and the catch-up that turns elapsed time into trades. A started bot is <c>starting</c> for the
/// first quarter of the warm-up, <c>warming_up</c> for the rest, then <c>running</c>; status is derived from the
/// start time on every read, so nothing has to tick. Trades are materialized lazily: a catch-up simulates a
/// running bot from its last simulated minute to now and stores what happened.
/// </summary>
internal sealed class BotLifecycle
{
    private readonly long _warmupMs;

    public BotLifecycle(TimeSpan warmup) => _warmupMs = Math.Max(0, (long)warmup.TotalMilliseconds);

    public string StatusOf(BotRecord bot, long nowMs) => StatusOf(bot.State, bot.StartedAt, nowMs);

    public string StatusOf(string state, long? startedAt, long nowMs)
    {
        if (state != Bots.StateActive || startedAt is not { } started)
        {
            return state == Bots.StateError ? "error" : "stopped";
        }
        var elapsed = nowMs - started;
        if (elapsed >= _warmupMs)
        {
            return "running";
        }
        return elapsed < _warmupMs / 4 ? "starting" : "warming_up";
    }

    public static bool IsActiveStatus(string status) => status is "starting" or "warming_up" or "running";

    /// <summary>Brings every active bot of a user up to <paramref name="nowMs"/>.</summary>
    public void CatchUpUser(Db db, long userId, long nowMs)
    {
        foreach (var bot in Bots.ActiveBehind(db, userId, PricePath.MinuteOf(nowMs)))
        {
            CatchUp(db, bot, nowMs);
        }
    }

    /// <summary>Simulates one active bot up to <paramref name="nowMs"/> and stores the result; returns its state after.</summary>
    public BotSimState CatchUp(Db db, BotRecord bot, long nowMs)
    {
        var state = bot.ToSimState();
        if (bot.State != Bots.StateActive || bot.StartedAt is not { } started)
        {
            return state;
        }
        var symbol = Symbols.Find(bot.Symbol);
        var toMinute = PricePath.MinuteOf(nowMs);
        var runningAtMs = started + _warmupMs;
        if (symbol is null || nowMs < runningAtMs || toMinute <= bot.SimMinute)
        {
            return state;
        }
        var activeFrom = PricePath.MinuteAtOrAfter(runningAtMs);
        var config = BotConfig.Parse(bot.Config);
        var trades = new List<ClosedTrade>();
        var logs = new List<SimLog>();
        if (bot.SimMinute < activeFrom)
        {
            db.Execute("INSERT INTO bot_logs (bot_id, at, level, message) VALUES ($1, $2, 'info', $3)",
                bot.Id, runningAtMs, string.Create(CultureInfo.InvariantCulture, $"Warm-up complete: running on {bot.Symbol}, {BotConfig.TimeframeOf(bot.Config)} bars"));
        }
        TradeSimulator.Run(state, config, symbol, bot.Id, activeFrom, toMinute, trades, logs);
        Persist(db, bot, state, trades, logs, nowMs);
        return state;
    }

    /// <summary>Starts a stopped or failed bot: it goes to error at once when the exchange is not connected.</summary>
    public string Start(Db db, BotRecord bot, long nowMs, bool exchangeConnected, bool resetLossStreak)
    {
        if (!exchangeConnected)
        {
            db.Execute("UPDATE bots SET state = 'error', started_at = NULL, updated_at = $2 WHERE id = $1", bot.Id, nowMs);
            Bots.Log(db, bot.Id, nowMs, "error",
                $"Cannot start: no {ExchangeName(bot.Exchange)} connection on this account. Connect {ExchangeName(bot.Exchange)} in Segnals, then start the bot again.");
            return "error";
        }
        db.Execute(
            "UPDATE bots SET state = 'active', started_at = $2, updated_at = $2, sim_minute = $3, loss_streak = CASE WHEN $4 THEN 0 ELSE loss_streak END WHERE id = $1",
            bot.Id, nowMs, PricePath.MinuteOf(nowMs), resetLossStreak);
        Bots.Log(db, bot.Id, nowMs, "info", string.Create(CultureInfo.InvariantCulture,
            $"Starting on {ExchangeName(bot.Exchange)} {bot.Symbol}: warming up for {_warmupMs / 1000.0:0.#} s"));
        return StatusOf(Bots.StateActive, nowMs, nowMs);
    }

    /// <summary>Stops a bot: trades up to now are recorded and any open position is closed at the current price.</summary>
    public void Stop(Db db, BotRecord bot, long nowMs, string reason = "stopped")
    {
        var state = CatchUp(db, bot, nowMs);
        if (state.Side != 0 && Symbols.Find(bot.Symbol) is { } symbol)
        {
            var trades = new List<ClosedTrade>();
            var logs = new List<SimLog>();
            TradeSimulator.CloseOpen(state, BotConfig.Parse(bot.Config), symbol, PricePath.MinuteOf(nowMs), reason, trades, logs);
            Persist(db, bot, state, trades, logs, nowMs);
        }
        db.Execute("UPDATE bots SET state = 'stopped', started_at = NULL, updated_at = $2 WHERE id = $1", bot.Id, nowMs);
        Bots.Log(db, bot.Id, nowMs, "info", reason == "restarted" ? "Restarting: loss streak reset" : "Stopped by user");
    }

    private static void Persist(Db db, BotRecord bot, BotSimState state, List<ClosedTrade> trades, List<SimLog> logs, long nowMs)
    {
        foreach (var t in trades)
        {
            db.Execute(
                "INSERT INTO trades (bot_id, user_id, symbol, side, entry_price, exit_price, quantity, pnl, opened_at, closed_at, reason) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
                bot.Id, bot.UserId, bot.Symbol, t.Side, t.EntryPrice, t.ExitPrice, t.Quantity, t.Pnl, PricePath.TimeOfMinute(t.OpenedMinute), PricePath.TimeOfMinute(t.ClosedMinute), t.Reason);
        }
        foreach (var log in logs)
        {
            Bots.Log(db, bot.Id, PricePath.TimeOfMinute(log.Minute), log.Level, log.Message);
        }
        db.Execute(
            "UPDATE bots SET sim_minute = $2, loss_streak = $3, pos_side = $4, pos_entry = $5, pos_qty = $6, pos_notional = $7, pos_opened_minute = $8, updated_at = MAX(updated_at, $9) WHERE id = $1",
            bot.Id, state.Cursor, state.LossStreak, state.Side, state.Entry, state.Quantity, state.Notional, state.OpenedMinute, nowMs);
    }

    public static string ExchangeName(string exchange) => exchange switch
    {
        "bybit" => "Bybit",
        "phemex" => "Phemex",
        "mt5" => "MetaTrader 5",
        _ => exchange,
    };
}
