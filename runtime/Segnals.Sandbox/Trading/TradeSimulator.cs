using System.Globalization;

namespace Segnals.Sandbox.Trading;

/// <summary>A bot's trading state between catch-ups: the open position (if any), the loss streak, the last minute simulated.</summary>
internal sealed class BotSimState
{
    public int Side { get; set; }
    public double Entry { get; set; }
    public double Quantity { get; set; }
    public double Notional { get; set; }
    public long OpenedMinute { get; set; }
    public int LossStreak { get; set; }
    public long Cursor { get; set; }
}

internal readonly record struct ClosedTrade(
    string Side,
    double EntryPrice,
    double ExitPrice,
    double Quantity,
    double Pnl,
    long OpenedMinute,
    long ClosedMinute,
    string Reason);

internal readonly record struct SimLog(long Minute, string Level, string Message);

/// <summary>
/// The paper-trading strategy, as a pure function of the config and the price path: at each bar close a flat
/// bot may enter in the direction of recent momentum; an open position exits at stop-loss, take-profit or
/// after a maximum holding time. Size is order_size_usd × leverage, multiplied after losses when martingale is on.
/// Deterministic: the same bot over the same minutes always makes the same trades.
/// </summary>
internal static class TradeSimulator
{
    private const int MomentumBars = 3;
    private const int MaxHoldBars = 96;
    private const double EntryProbability = 0.55;

    public static void Run(
        BotSimState state,
        in BotConfig config,
        SymbolInfo symbol,
        long botId,
        long activeFromMinute,
        long toMinute,
        List<ClosedTrade> trades,
        List<SimLog> logs)
    {
        var tf = Math.Max(1, config.TimeframeMinutes);
        var maxHold = (long)tf * MaxHoldBars;
        var seed = PricePath.Mix((ulong)botId * 0x2545F4914F6CDD1DUL);
        var minute = Math.Max(state.Cursor + 1, activeFromMinute);
        while (minute <= toMinute)
        {
            if (state.Side == 0)
            {
                // Flat: nothing happens until the next bar close.
                var remainder = minute % tf;
                if (remainder != 0)
                {
                    minute += tf - remainder;
                    continue;
                }
                if (PricePath.Hash01(seed, minute) < EntryProbability)
                {
                    Open(state, config, symbol, minute, logs);
                }
                minute++;
                continue;
            }

            var price = PricePath.At(symbol, minute);
            var move = state.Side * (price - state.Entry) / state.Entry * 100.0;
            string? reason = null;
            if (config.StopLossPct > 0 && move <= -config.StopLossPct)
            {
                reason = "stop_loss";
            }
            else if (config.TakeProfitPct > 0 && move >= config.TakeProfitPct)
            {
                reason = "take_profit";
            }
            else if (minute - state.OpenedMinute >= maxHold)
            {
                reason = "max_hold";
            }
            if (reason is not null)
            {
                Close(state, config, symbol, minute, price, reason, trades, logs);
            }
            minute++;
        }
        if (toMinute > state.Cursor)
        {
            state.Cursor = toMinute;
        }
    }

    /// <summary>Closes the open position at <paramref name="minute"/>'s price (used when a bot is stopped or restarted).</summary>
    public static void CloseOpen(BotSimState state, in BotConfig config, SymbolInfo symbol, long minute, string reason, List<ClosedTrade> trades, List<SimLog> logs)
    {
        if (state.Side != 0)
        {
            Close(state, config, symbol, minute, PricePath.At(symbol, minute), reason, trades, logs);
        }
    }

    private static void Open(BotSimState state, in BotConfig config, SymbolInfo symbol, long minute, List<SimLog> logs)
    {
        var price = PricePath.At(symbol, minute);
        var past = PricePath.At(symbol, minute - ((long)MomentumBars * Math.Max(1, config.TimeframeMinutes)));
        var side = price >= past ? 1 : -1;
        var steps = config.MartingaleEnabled ? Math.Min(state.LossStreak, config.MaxMartingaleSteps) : 0;
        var multiplier = Math.Pow(config.MartingaleMultiplier, steps);
        var notional = config.OrderSizeUsd * config.Leverage * multiplier;
        state.Side = side;
        state.Entry = price;
        state.Notional = notional;
        state.Quantity = notional / price;
        state.OpenedMinute = minute;
        var sizing = steps > 0
            ? string.Create(CultureInfo.InvariantCulture, $" (martingale step {steps}: {multiplier:0.##}x size)")
            : "";
        logs.Add(new SimLog(minute, "info", string.Create(CultureInfo.InvariantCulture,
            $"Opened {SideName(side)} {Qty(state.Quantity)} {symbol.Symbol} at {symbol.Round(price)}: ${notional:0.00} notional at {config.Leverage}x{sizing}")));
    }

    private static void Close(BotSimState state, in BotConfig config, SymbolInfo symbol, long minute, double price, string reason, List<ClosedTrade> trades, List<SimLog> logs)
    {
        var gross = state.Side * state.Quantity * (price - state.Entry);
        var fees = symbol.FeeRate * (state.Notional + (state.Quantity * price));
        var pnl = Math.Round(gross - fees, 2);
        trades.Add(new ClosedTrade(SideName(state.Side), symbol.Round(state.Entry), symbol.Round(price), Math.Round(state.Quantity, 6), pnl, state.OpenedMinute, minute, reason));
        var level = reason == "stop_loss" ? "warning" : "info";
        logs.Add(new SimLog(minute, level, string.Create(CultureInfo.InvariantCulture,
            $"Closed {SideName(state.Side)} {symbol.Symbol} at {symbol.Round(price)} ({ReasonText(reason)}): PnL {(pnl >= 0 ? "+" : "-")}${Math.Abs(pnl):0.00}")));
        if (pnl < 0)
        {
            state.LossStreak = config.MartingaleEnabled && state.LossStreak >= config.MaxMartingaleSteps ? 0 : state.LossStreak + 1;
        }
        else
        {
            state.LossStreak = 0;
        }
        state.Side = 0;
        state.Entry = 0;
        state.Quantity = 0;
        state.Notional = 0;
        state.OpenedMinute = 0;
    }

    private static string SideName(int side) => side > 0 ? "long" : "short";

    private static string Qty(double quantity) => quantity.ToString(quantity >= 100 ? "0.##" : "0.######", CultureInfo.InvariantCulture);

    private static string ReasonText(string reason) => reason switch
    {
        "stop_loss" => "stop-loss",
        "take_profit" => "take-profit",
        "max_hold" => "maximum holding time",
        "stopped" => "bot stopped",
        "restarted" => "bot restarted",
        _ => reason,
    };
}
