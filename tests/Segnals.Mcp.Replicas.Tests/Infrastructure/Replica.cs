using Microsoft.Extensions.Logging;

namespace Segnals.Mcp.Replicas.Tests.Infrastructure;

/// <summary>Settings and connections as a replica would make them from its environment.</summary>
internal static class Replica
{
    public static RedisSettings Settings(string connectionString, string? keyPrefix = null)
    {
        var read = RedisSettingsReader.Read(name => name switch
        {
            RedisSettingsReader.ConnectionVariable => connectionString,
            RedisSettingsReader.KeyPrefixVariable => keyPrefix,
            _ => null,
        });
        Assert.Empty(read.Errors);
        return read.Settings!;
    }

    /// <summary>One replica's own connection (its own multiplexer, sockets and script cache).</summary>
    public static Task<RedisConnection> ConnectAsync(RedisServer server, string? keyPrefix = null, ILogger? logger = null) =>
        RedisConnection.ConnectAsync(Settings(server.ConnectionString, keyPrefix), logger);
}
