using Microsoft.Data.Sqlite;

namespace Segnals.Sandbox.Storage;

/// <summary>
/// One open SQLite connection with its prepared commands kept by SQL text, so hot queries are parsed once.
/// A connection is used by one request at a time (the store hands it out).
/// </summary>
internal sealed class StoreConnection : IDisposable
{
    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);

    public StoreConnection(SqliteConnection connection) => Connection = connection;

    public SqliteConnection Connection { get; }

    public SqliteCommand Command(string sql, SqliteTransaction? transaction)
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = Connection.CreateCommand();
            command.CommandText = sql;
            _commands.Add(sql, command);
        }
        command.Transaction = transaction;
        return command;
    }

    public void Dispose()
    {
        foreach (var command in _commands.Values)
        {
            command.Dispose();
        }
        _commands.Clear();
        Connection.Dispose();
    }
}

/// <summary>
/// A unit of database work: a connection, plus the transaction when the work writes.
/// Parameters are positional: <c>$1</c>, <c>$2</c>, … in the SQL text.
/// </summary>
internal readonly struct Db
{
    private static readonly string[] ParameterNames = Enumerable.Range(1, 32).Select(i => "$" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();

    private readonly StoreConnection _connection;
    private readonly SqliteTransaction? _transaction;

    public Db(StoreConnection connection, SqliteTransaction? transaction)
    {
        _connection = connection;
        _transaction = transaction;
    }

    public int Execute(string sql, params ReadOnlySpan<object?> args) => Prepare(sql, args).ExecuteNonQuery();

    /// <summary>Runs an INSERT and returns the new row id.</summary>
    public long Insert(string sql, params ReadOnlySpan<object?> args)
    {
        Prepare(sql, args).ExecuteNonQuery();
        return (long)Prepare("SELECT last_insert_rowid()", []).ExecuteScalar()!;
    }

    public object? Scalar(string sql, params ReadOnlySpan<object?> args)
    {
        var value = Prepare(sql, args).ExecuteScalar();
        return value is DBNull ? null : value;
    }

    public long ScalarLong(string sql, params ReadOnlySpan<object?> args) => Scalar(sql, args) is { } v ? Convert.ToInt64(v, System.Globalization.CultureInfo.InvariantCulture) : 0;

    public double ScalarDouble(string sql, params ReadOnlySpan<object?> args) => Scalar(sql, args) is { } v ? Convert.ToDouble(v, System.Globalization.CultureInfo.InvariantCulture) : 0;

    public SqliteDataReader Query(string sql, params ReadOnlySpan<object?> args) => Prepare(sql, args).ExecuteReader();

    /// <summary>Runs a script of several statements (schema, pragmas); not cached.</summary>
    public void ExecuteScript(string sql)
    {
        using var command = _connection.Connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = _transaction;
        command.ExecuteNonQuery();
    }

    private SqliteCommand Prepare(string sql, ReadOnlySpan<object?> args)
    {
        var command = _connection.Command(sql, _transaction);
        var parameters = command.Parameters;
        for (var i = 0; i < args.Length; i++)
        {
            var value = args[i] switch
            {
                null => DBNull.Value,
                bool b => b ? 1L : 0L,
                var other => other,
            };
            if (i < parameters.Count)
            {
                parameters[i].Value = value;
            }
            else
            {
                parameters.AddWithValue(ParameterNames[i], value);
            }
        }
        return command;
    }
}

internal static class ReaderExtensions
{
    public static string? GetStringOrNull(this SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static long? GetInt64OrNull(this SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetInt64(ordinal);

    public static double? GetDoubleOrNull(this SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetDouble(ordinal);
}
