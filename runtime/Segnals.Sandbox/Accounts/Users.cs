using Segnals.Sandbox.Storage;

namespace Segnals.Sandbox.Accounts;

internal sealed record UserRecord(
    long Id,
    string Username,
    string Email,
    string Tier,
    string Language,
    long CreatedAt,
    long? SubscriptionEndsAt,
    long? TrialExpiresAt,
    double StartingBalance,
    bool Bybit,
    bool Phemex,
    bool Mt5,
    bool Telegram,
    string NotificationPrefs)
{
    public bool IsVip => Tier == Tiers.Vip;

    public bool IsConnected(string exchange) => exchange switch
    {
        "bybit" => Bybit,
        "phemex" => Phemex,
        "mt5" => Mt5,
        _ => false,
    };
}

/// <summary>User rows. New users get sandbox defaults: VIP, Bybit and MT5 connected, Phemex and Telegram not.</summary>
internal static class Users
{
    public const string DefaultTier = Tiers.Vip;

    public static UserRecord Get(Db db, long userId) => Find(db, "id = $1", userId) ?? throw new InvalidOperationException($"User {userId} does not exist");

    public static UserRecord? FindByName(Db db, string username) => Find(db, "username = $1", username);

    public static long Ensure(Db db, string username, long nowMs, string tier = DefaultTier)
    {
        if (db.Scalar("SELECT id FROM users WHERE username = $1", username) is long id)
        {
            return id;
        }
        return Create(db, username, tier, nowMs, bybit: true, phemex: false, mt5: true, telegram: false, startingBalance: 10_000);
    }

    public static long Create(Db db, string username, string tier, long nowMs, bool bybit, bool phemex, bool mt5, bool telegram, double startingBalance)
    {
        var id = db.Insert(
            """
            INSERT INTO users (username, email, tier, language, created_at, subscription_ends_at, trial_expires_at, starting_balance,
                               conn_bybit, conn_phemex, conn_mt5, conn_telegram, notification_prefs)
            VALUES ($1, $2, $3, 'en', $4, $5, NULL, $6, $7, $8, $9, $10, $11)
            """,
            username, username + "@sandbox.segnals.test", tier, nowMs,
            tier == Tiers.Free ? null : nowMs + (30L * 24 * 3600 * 1000),
            startingBalance, bybit, phemex, mt5, telegram, NotificationPreferences.DefaultJson);
        db.Execute("INSERT INTO copy_trading (user_id, enabled_exchanges, followers, updated_at) VALUES ($1, '[]', '[]', $2)", id, nowMs);
        return id;
    }

    public static void SetTier(Db db, long userId, string tier, long nowMs) =>
        db.Execute("UPDATE users SET tier = $2, subscription_ends_at = $3 WHERE id = $1",
            userId, tier, tier == Tiers.Free ? null : nowMs + (30L * 24 * 3600 * 1000));

    private static UserRecord? Find(Db db, string where, object value)
    {
        using var r = db.Query(
            "SELECT id, username, email, tier, language, created_at, subscription_ends_at, trial_expires_at, starting_balance, conn_bybit, conn_phemex, conn_mt5, conn_telegram, notification_prefs FROM users WHERE " + where,
            value);
        if (!r.Read())
        {
            return null;
        }
        return new UserRecord(
            r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetInt64(5),
            r.GetInt64OrNull(6), r.GetInt64OrNull(7), r.GetDouble(8),
            r.GetInt64(9) != 0, r.GetInt64(10) != 0, r.GetInt64(11) != 0, r.GetInt64(12) != 0, r.GetString(13));
    }
}
