using Microsoft.Extensions.Logging;

namespace Segnals.Mcp.Replicas.Tests.Infrastructure;

/// <summary>Settings and connections as a replica would make them from its environment.</summary>
internal static class Replica
{
    /// <summary>Short, so the tests that stop or freeze Redis tell a bounded wait from a hang quickly.</summary>
    public static readonly TimeSpan OperationTimeout = TimeSpan.FromMilliseconds(500);

    public static RedisSettings Settings(string connectionString, string? keyPrefix = null)
    {
        var read = RedisSettingsReader.Read(name => name switch
        {
            RedisSettingsReader.ConnectionVariable => connectionString,
            RedisSettingsReader.KeyPrefixVariable => keyPrefix,
            _ => null,
        });
        Assert.Empty(read.Errors);
        return read.Settings! with { OperationTimeout = OperationTimeout };
    }

    /// <summary>One replica's own connection (its own multiplexer, sockets and script cache).</summary>
    public static Task<RedisConnection> ConnectAsync(RedisServer server, string? keyPrefix = null, ILogger? logger = null) =>
        RedisConnection.ConnectAsync(Settings(server.ConnectionString, keyPrefix), logger);
}
