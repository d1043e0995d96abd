using Microsoft.Data.Sqlite;

namespace Segnals.Sandbox.Storage;

/// <summary>
/// The sandbox database behind one connection that every unit of work takes in turn: a write runs in one
/// transaction committed before the caller answers; a read runs without one.
/// Why one connection and not a reader pool: the SQLite bundled here is built without usleep, so whenever two
/// connections contend for the WAL index, SQLite's retry sleeps a whole second. Serialized work takes tens of
/// microseconds and never contends, which is both faster and predictable (see eng/Benchmarks.Sandbox).
/// Another process (segnals-sandbox keys create) may still write to the same file; busy_timeout covers that.
/// </summary>
internal sealed class SqliteStore : IDisposable
{
    private static readonly Lazy<bool> NativeInit = new(() =>
    {
        SQLitePCL.Batteries_V2.Init();
        return true;
    });

    private readonly StoreConnection _connection;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private bool _disposed;

    private SqliteStore(string path)
    {
        _ = NativeInit.Value;
        if (path == SandboxOptions.InMemory)
        {
            _connection = new StoreConnection(OpenConnection("Data Source=:memory:", inMemory: true));
            return;
        }

        var full = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(full);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }
        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = full,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = false,
        }.ToString();
        _connection = new StoreConnection(OpenConnection(connectionString, inMemory: false));
    }

    /// <summary>Opens (creating when missing) and migrates the database.</summary>
    public static SqliteStore Open(string path)
    {
        var store = new SqliteStore(path);
        try
        {
            store.Write(db =>
            {
                Schema.Migrate(db);
                return 0;
            });
            return store;
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    /// <summary>Runs <paramref name="work"/> in one write transaction; commits when it returns, rolls back when it throws.</summary>
    public async ValueTask<T> WriteAsync<T>(Func<Db, T> work)
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            return WriteLocked(work);
        }
        finally
        {
            _gate.Release();
        }
    }

    public T Write<T>(Func<Db, T> work)
    {
        _gate.Wait();
        try
        {
            return WriteLocked(work);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Runs read-only <paramref name="work"/> outside any transaction.</summary>
    public async ValueTask<T> ReadAsync<T>(Func<Db, T> work)
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return work(new Db(_connection, null));
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose()
    {
        _gate.Wait();
        try
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
            _connection.Dispose();
        }
        finally
        {
            _gate.Release();
        }
    }

    private T WriteLocked<T>(Func<Db, T> work)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        using var transaction = _connection.Connection.BeginTransaction(deferred: false);
        var result = work(new Db(_connection, transaction));
        transaction.Commit();
        return result;
    }

    private static SqliteConnection OpenConnection(string connectionString, bool inMemory)
    {
        var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        // WAL + NORMAL: a commit is in the WAL file (the OS's cache) before it returns, so it survives the
        // process being killed; only a power loss can lose the last commits.
        command.CommandText = inMemory
            ? "PRAGMA foreign_keys=ON;"
            : "PRAGMA busy_timeout=10000; PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;";
        command.ExecuteNonQuery();
        return connection;
    }
}
