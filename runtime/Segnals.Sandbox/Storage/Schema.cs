namespace Segnals.Sandbox.Storage;

/// <summary>
/// The database schema as an ordered list of migrations. PRAGMA user_version records how many have run;
/// a new migration is appended, never edited. Times are Unix milliseconds (UTC).
/// </summary>
internal static class Schema
{
    private static readonly string[] Migrations =
    [
        // 1: the initial schema.
        """
        CREATE TABLE users (
            id INTEGER PRIMARY KEY,
            username TEXT NOT NULL UNIQUE,
            email TEXT NOT NULL,
            tier TEXT NOT NULL,
            language TEXT NOT NULL DEFAULT 'en',
            created_at INTEGER NOT NULL,
            subscription_ends_at INTEGER,
            trial_expires_at INTEGER,
            starting_balance REAL NOT NULL DEFAULT 10000,
            conn_bybit INTEGER NOT NULL DEFAULT 0,
            conn_phemex INTEGER NOT NULL DEFAULT 0,
            conn_mt5 INTEGER NOT NULL DEFAULT 0,
            conn_telegram INTEGER NOT NULL DEFAULT 0,
            notification_prefs TEXT NOT NULL
        );
        CREATE TABLE api_keys (
            id INTEGER PRIMARY KEY,
            user_id INTEGER NOT NULL REFERENCES users(id),
            hash TEXT NOT NULL UNIQUE,
            prefix TEXT NOT NULL,
            label TEXT NOT NULL,
            scopes TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            expires_at INTEGER,
            revoked_at INTEGER,
            rate_limit INTEGER NOT NULL
        );
        CREATE INDEX ix_api_keys_prefix ON api_keys(prefix);
        CREATE TABLE bots (
            id INTEGER PRIMARY KEY,
            user_id INTEGER NOT NULL REFERENCES users(id),
            name TEXT NOT NULL,
            exchange TEXT NOT NULL,
            symbol TEXT NOT NULL,
            config TEXT NOT NULL,
            state TEXT NOT NULL,
            started_at INTEGER,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL,
            deleted_at INTEGER,
            loss_streak INTEGER NOT NULL DEFAULT 0,
            sim_minute INTEGER NOT NULL DEFAULT 0,
            pos_side INTEGER NOT NULL DEFAULT 0,
            pos_entry REAL NOT NULL DEFAULT 0,
            pos_qty REAL NOT NULL DEFAULT 0,
            pos_notional REAL NOT NULL DEFAULT 0,
            pos_opened_minute INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX ix_bots_user ON bots(user_id, deleted_at);
        CREATE TABLE trades (
            id INTEGER PRIMARY KEY,
            bot_id INTEGER NOT NULL REFERENCES bots(id),
            user_id INTEGER NOT NULL REFERENCES users(id),
            symbol TEXT NOT NULL,
            side TEXT NOT NULL,
            entry_price REAL NOT NULL,
            exit_price REAL NOT NULL,
            quantity REAL NOT NULL,
            pnl REAL NOT NULL,
            opened_at INTEGER NOT NULL,
            closed_at INTEGER NOT NULL,
            reason TEXT NOT NULL
        );
        CREATE INDEX ix_trades_user ON trades(user_id, closed_at);
        CREATE INDEX ix_trades_bot ON trades(bot_id, closed_at);
        CREATE TABLE bot_logs (
            id INTEGER PRIMARY KEY,
            bot_id INTEGER NOT NULL REFERENCES bots(id),
            at INTEGER NOT NULL,
            level TEXT NOT NULL,
            message TEXT NOT NULL
        );
        CREATE INDEX ix_bot_logs_bot ON bot_logs(bot_id, at);
        CREATE TABLE listings (
            id INTEGER PRIMARY KEY,
            slug TEXT NOT NULL UNIQUE,
            seller_user_id INTEGER NOT NULL REFERENCES users(id),
            title TEXT NOT NULL,
            description TEXT NOT NULL,
            exchange TEXT NOT NULL,
            symbol TEXT NOT NULL,
            price_usd REAL NOT NULL,
            rating REAL,
            return_pct REAL NOT NULL,
            max_drawdown_pct REAL NOT NULL,
            risk TEXT NOT NULL,
            perf_source TEXT NOT NULL,
            performance TEXT NOT NULL,
            config TEXT NOT NULL,
            status TEXT NOT NULL,
            source_bot_id INTEGER,
            sales INTEGER NOT NULL DEFAULT 0,
            revenue_usd REAL NOT NULL DEFAULT 0,
            created_at INTEGER NOT NULL
        );
        CREATE TABLE purchases (
            id INTEGER PRIMARY KEY,
            user_id INTEGER NOT NULL REFERENCES users(id),
            listing_id INTEGER NOT NULL REFERENCES listings(id),
            payment_id TEXT,
            status TEXT NOT NULL,
            amount_usd REAL NOT NULL,
            bot_id INTEGER,
            disclaimer_version TEXT,
            created_at INTEGER NOT NULL
        );
        CREATE TABLE payments (
            id INTEGER PRIMARY KEY,
            user_id INTEGER NOT NULL REFERENCES users(id),
            at INTEGER NOT NULL,
            amount_usd REAL NOT NULL,
            status TEXT NOT NULL
        );
        CREATE TABLE copy_trading (
            user_id INTEGER PRIMARY KEY REFERENCES users(id),
            enabled_exchanges TEXT NOT NULL,
            followers TEXT NOT NULL,
            updated_at INTEGER NOT NULL
        );
        CREATE TABLE idempotency (
            key_id INTEGER NOT NULL,
            idempotency_key TEXT NOT NULL,
            method TEXT NOT NULL,
            path TEXT NOT NULL,
            body_hash TEXT NOT NULL,
            status INTEGER NOT NULL,
            response BLOB NOT NULL,
            created_at INTEGER NOT NULL,
            PRIMARY KEY (key_id, idempotency_key)
        );
        CREATE TABLE audit (
            id INTEGER PRIMARY KEY,
            key_id INTEGER,
            user_id INTEGER,
            method TEXT NOT NULL,
            path TEXT NOT NULL,
            status INTEGER NOT NULL,
            at INTEGER NOT NULL,
            idempotency_key TEXT,
            replayed INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE meta (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        CREATE VIRTUAL TABLE knowledge USING fts5(title, path UNINDEXED, body, tokenize = 'porter unicode61');
        """,
    ];

    public static int LatestVersion => Migrations.Length;

    public static void Migrate(Db db)
    {
        var version = (int)db.ScalarLong("PRAGMA user_version");
        if (version > Migrations.Length)
        {
            throw new InvalidOperationException(
                $"The sandbox database is at schema version {version}, newer than this build knows ({Migrations.Length}). Use a newer segnals-sandbox or another --db file.");
        }
        for (var i = version; i < Migrations.Length; i++)
        {
            db.ExecuteScript(Migrations[i]);
            // PRAGMA takes no parameters; the value is a trusted integer.
            db.ExecuteScript("PRAGMA user_version = " + (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture) + ";");
        }
    }
}
