using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace Segnals.Sandbox.Storage;

/// <summary>
/// Connection handling for the sandbox database. Writes are serialized through one writer connection
/// (one transaction per unit of work, committed before the caller answers); reads use a pool of
/// reader connections that WAL lets run alongside the writer. An in-memory database has one
/// connection only, so there every unit of work is serialized.
/// </summary>
internal sealed class SqliteStore : IDisposable
{
    private static readonly Lazy<bool> NativeInit = new(() =>
    {
        SQLitePCL.Batteries_V2.Init();
        return true;
    });

    private readonly string? _connectionString;
    private readonly StoreConnection _writer;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly ConcurrentBag<StoreConnection> _readers = [];
    private bool _disposed;

    private SqliteStore(string path)
    {
        _ = NativeInit.Value;
        IsInMemory = path == SandboxOptions.InMemory;
        if (IsInMemory)
        {
            _writer = new StoreConnection(OpenConnection("Data Source=:memory:", isWriter: true, inMemory: true));
            return;
        }

        var full = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(full);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = full,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = false,
        }.ToString();
        _writer = new StoreConnection(OpenConnection(_connectionString, isWriter: true, inMemory: false));
    }

    public bool IsInMemory { get; }

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
        await _writeLock.WaitAsync().ConfigureAwait(false);
        try
        {
            return WriteLocked(work);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public T Write<T>(Func<Db, T> work)
    {
        _writeLock.Wait();
        try
        {
            return WriteLocked(work);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Runs read-only <paramref name="work"/> on a pooled reader (the writer, for an in-memory database).</summary>
    public async ValueTask<T> ReadAsync<T>(Func<Db, T> work)
    {
        if (IsInMemory)
        {
            await _writeLock.WaitAsync().ConfigureAwait(false);
            try
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                return work(new Db(_writer, null));
            }
            finally
            {
                _writeLock.Release();
            }
        }

        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_readers.TryTake(out var reader))
        {
            reader = new StoreConnection(OpenConnection(_connectionString!, isWriter: false, inMemory: false));
        }
        try
        {
            return work(new Db(reader, null));
        }
        finally
        {
            if (_disposed)
            {
                reader.Dispose();
            }
            else
            {
                _readers.Add(reader);
            }
        }
    }

    public void Dispose()
    {
        _writeLock.Wait();
        try
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
            while (_readers.TryTake(out var reader))
            {
                reader.Dispose();
            }
            _writer.Dispose();
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private T WriteLocked<T>(Func<Db, T> work)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        using var transaction = _writer.Connection.BeginTransaction(deferred: false);
        var result = work(new Db(_writer, transaction));
        transaction.Commit();
        return result;
    }

    private static SqliteConnection OpenConnection(string connectionString, bool isWriter, bool inMemory)
    {
        var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        // WAL + NORMAL: a commit is in the WAL file (the OS's cache) before it returns, so it survives the
        // process being killed; only a power loss can lose the last commits.
        command.CommandText = inMemory
            ? "PRAGMA foreign_keys=ON;"
            : isWriter
                ? "PRAGMA busy_timeout=10000; PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
                : "PRAGMA busy_timeout=10000; PRAGMA foreign_keys=ON;";
        command.ExecuteNonQuery();
        return connection;
    }
}
