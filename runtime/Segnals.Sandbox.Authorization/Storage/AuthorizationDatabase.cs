using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace Segnals.Sandbox.Authorization.Storage;

/// <summary>
/// Where the authorization server's tables live: the sandbox's own SQLite file, through EF Core's own connections
/// (WAL lets them sit beside the sandbox's). A sandbox with an in-memory database gets an in-memory database of its
/// own here, kept alive by one open connection for as long as the host runs.
/// </summary>
internal sealed class AuthorizationDatabase : IDisposable
{
    private const string MarkerTable = "OpenIddictApplications";
    private readonly SqliteConnection? _keepAlive;

    public AuthorizationDatabase(string sandboxDatabasePath)
    {
        if (sandboxDatabasePath == ":memory:")
        {
            ConnectionString = new SqliteConnectionStringBuilder
            {
                DataSource = "segnals-oauth-" + Guid.NewGuid().ToString("N"),
                Mode = SqliteOpenMode.Memory,
                Cache = SqliteCacheMode.Shared,
                ForeignKeys = true,
            }.ToString();
            _keepAlive = new SqliteConnection(ConnectionString);
            _keepAlive.Open();
        }
        else
        {
            ConnectionString = new SqliteConnectionStringBuilder
            {
                DataSource = Path.GetFullPath(sandboxDatabasePath),
                Mode = SqliteOpenMode.ReadWrite,
                ForeignKeys = true,
                DefaultTimeout = 10,
            }.ToString();
        }
    }

    public string ConnectionString { get; }

    /// <summary>
    /// Creates the tables on first use. EnsureCreated would do nothing here, because the sandbox's own tables
    /// already exist in the file, so the tables are created from the model when OpenIddict's are missing.
    /// </summary>
    public static void EnsureTables(AuthorizationDbContext context)
    {
        // One immediate transaction around the check and the creation: a CLI command and a server starting on the
        // same file at once cannot both create the tables.
        using var transaction = context.Database.BeginTransaction();
        using (var check = context.Database.GetDbConnection().CreateCommand())
        {
            check.Transaction = transaction.GetDbTransaction();
            check.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '" + MarkerTable + "'";
            if (Convert.ToInt64(check.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) != 0)
            {
                return;
            }
        }
        context.GetService<IRelationalDatabaseCreator>().CreateTables();
        transaction.Commit();
    }

    /// <summary>Closes what EF Core's pooled connections keep open, so a stopped sandbox leaves its file alone.</summary>
    public void Dispose()
    {
        using (var pooled = new SqliteConnection(ConnectionString))
        {
            SqliteConnection.ClearPool(pooled);
        }
        _keepAlive?.Dispose();
    }
}
