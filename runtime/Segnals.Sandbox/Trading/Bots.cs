using Microsoft.Data.Sqlite;
using Segnals.Sandbox.Storage;

namespace Segnals.Sandbox.Trading;

/// <summary>A bot row. <see cref="State"/> is what was last decided (stopped, active, error); the status shown
/// to callers is derived from it and the clock (see <see cref="BotLifecycle.StatusOf"/>).</summary>
internal sealed record BotRecord(
    long Id,
    long UserId,
    string Name,
    string Exchange,
    string Symbol,
    string Config,
    string State,
    long? StartedAt,
    long CreatedAt,
    long UpdatedAt,
    int LossStreak,
    long SimMinute,
    int PosSide,
    double PosEntry,
    double PosQuantity,
    double PosNotional,
    long PosOpenedMinute)
{
    public BotSimState ToSimState() => new()
    {
        Side = PosSide,
        Entry = PosEntry,
        Quantity = PosQuantity,
        Notional = PosNotional,
        OpenedMinute = PosOpenedMinute,
        LossStreak = LossStreak,
        Cursor = SimMinute,
    };
}

/// <summary>Bot rows: reads scoped to their owner (another user's bot is simply not found), inserts and logs.</summary>
internal static class Bots
{
    public const string StateStopped = "stopped";
    public const string StateActive = "active";
    public const string StateError = "error";

    private const string Columns =
        "id, user_id, name, exchange, symbol, config, state, started_at, created_at, updated_at, loss_streak, sim_minute, pos_side, pos_entry, pos_qty, pos_notional, pos_opened_minute";

    public static BotRecord? Find(Db db, long userId, long botId)
    {
        using var reader = db.Query($"SELECT {Columns} FROM bots WHERE id = $1 AND user_id = $2 AND deleted_at IS NULL", botId, userId);
        return reader.Read() ? Read(reader) : null;
    }

    public static List<BotRecord> ListForUser(Db db, long userId)
    {
        var bots = new List<BotRecord>();
        using var reader = db.Query($"SELECT {Columns} FROM bots WHERE user_id = $1 AND deleted_at IS NULL ORDER BY id", userId);
        while (reader.Read())
        {
            bots.Add(Read(reader));
        }
        return bots;
    }

    public static List<BotRecord> ActiveBehind(Db db, long userId, long minute)
    {
        var bots = new List<BotRecord>();
        using var reader = db.Query($"SELECT {Columns} FROM bots WHERE user_id = $1 AND deleted_at IS NULL AND state = 'active' AND sim_minute < $2 ORDER BY id", userId, minute);
        while (reader.Read())
        {
            bots.Add(Read(reader));
        }
        return bots;
    }

    public static long CountForUser(Db db, long userId) => db.ScalarLong("SELECT COUNT(*) FROM bots WHERE user_id = $1 AND deleted_at IS NULL", userId);

    public static long Insert(Db db, long userId, string name, string exchange, string symbol, string config, long nowMs) =>
        db.Insert(
            "INSERT INTO bots (user_id, name, exchange, symbol, config, state, created_at, updated_at, sim_minute) VALUES ($1, $2, $3, $4, $5, 'stopped', $6, $6, $7)",
            userId, name, exchange, symbol, config, nowMs, PricePath.MinuteOf(nowMs));

    public static void Log(Db db, long botId, long atMs, string level, string message) =>
        db.Execute("INSERT INTO bot_logs (bot_id, at, level, message) VALUES ($1, $2, $3, $4)", botId, atMs, level, message);

    private static BotRecord Read(SqliteDataReader r) => new(
        Id: r.GetInt64(0),
        UserId: r.GetInt64(1),
        Name: r.GetString(2),
        Exchange: r.GetString(3),
        Symbol: r.GetString(4),
        Config: r.GetString(5),
        State: r.GetString(6),
        StartedAt: r.GetInt64OrNull(7),
        CreatedAt: r.GetInt64(8),
        UpdatedAt: r.GetInt64(9),
        LossStreak: (int)r.GetInt64(10),
        SimMinute: r.GetInt64(11),
        PosSide: (int)r.GetInt64(12),
        PosEntry: r.GetDouble(13),
        PosQuantity: r.GetDouble(14),
        PosNotional: r.GetDouble(15),
        PosOpenedMinute: r.GetInt64(16));
}
