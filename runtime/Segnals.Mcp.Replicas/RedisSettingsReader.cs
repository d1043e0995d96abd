using System.Buffers;
using System.Net;
using System.Runtime.CompilerServices;
using StackExchange.Redis;

namespace Segnals.Mcp.Replicas;

/// <summary>The Redis settings, null when SEGNALS_REDIS is unset (one replica, in-process stores), or every problem found.</summary>
public sealed record RedisSettingsResult(RedisSettings? Settings, IReadOnlyList<string> Errors);

/// <summary>
/// Reads SEGNALS_REDIS and SEGNALS_REDIS_PREFIX. Like the server's other settings, no message repeats a value:
/// a connection string carries Redis's password.
/// </summary>
public static class RedisSettingsReader
{
    public const string ConnectionVariable = "SEGNALS_REDIS";
    public const string KeyPrefixVariable = "SEGNALS_REDIS_PREFIX";

    private const string Shape = "host:port[,host:port…] followed by options such as password=…, user=…, ssl=true or defaultDatabase=N";

    public static RedisSettingsResult Read(Func<string, string?> getEnvironmentVariable)
    {
        ArgumentNullException.ThrowIfNull(getEnvironmentVariable);

        var errors = new List<string>();
        var keyPrefix = ReadKeyPrefix(Blank(getEnvironmentVariable(KeyPrefixVariable)), errors);
        var connection = Blank(getEnvironmentVariable(ConnectionVariable));
        if (connection is null)
        {
            if (keyPrefix is not null && errors.Count == 0)
            {
                errors.Add($"{KeyPrefixVariable} is set but {ConnectionVariable} is not; set {ConnectionVariable} to the Redis the replicas share, or unset {KeyPrefixVariable}.");
            }

            return new RedisSettingsResult(null, errors);
        }

        return FromConnection(connection, keyPrefix, errors);
    }

    // Its own method, never inlined, so that reading the settings of a server without Redis (the common case)
    // compiles no code that names a StackExchange.Redis type and the runtime never loads that assembly.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static RedisSettingsResult FromConnection(string connection, string? keyPrefix, List<string> errors)
    {
        var configuration = ReadConnection(connection, errors);
        return errors.Count == 0 && configuration is not null
            ? new RedisSettingsResult(new RedisSettings(configuration, keyPrefix ?? RedisSettings.DefaultKeyPrefix), [])
            : new RedisSettingsResult(null, errors);
    }

    private static ConfigurationOptions? ReadConnection(string connection, List<string> errors)
    {
        // StackExchange.Redis would take a URL for a host name, password and all, and then log it as an endpoint.
        if (connection.Contains("://", StringComparison.Ordinal) || connection.Split(',')[0].Contains('@'))
        {
            errors.Add($"{ConnectionVariable} takes a StackExchange.Redis connection string ({Shape}), not a redis:// URL.");
            return null;
        }

        ConfigurationOptions configuration;
        try
        {
            configuration = ConfigurationOptions.Parse(connection);
        }
        catch (ArgumentException exception)
        {
            // The parser's own message quotes the offending value; its parameter name is only the option's name.
            var option = string.IsNullOrEmpty(exception.ParamName) || exception.ParamName == "configuration" ? "" : $" (option '{exception.ParamName}')";
            errors.Add($"{ConnectionVariable} is not a valid StackExchange.Redis connection string{option}; it takes {Shape}.");
            return null;
        }

        if (configuration.EndPoints.Count == 0)
        {
            errors.Add($"{ConnectionVariable} names no Redis server; it takes {Shape}.");
            return null;
        }

        if (configuration.EndPoints.Any(endPoint => endPoint is not (DnsEndPoint or IPEndPoint)))
        {
            errors.Add($"{ConnectionVariable} names a Redis server that is not a host:port; it takes {Shape}.");
            return null;
        }

        return configuration;
    }

    private static string? ReadKeyPrefix(string? prefix, List<string> errors)
    {
        if (prefix is not null && (prefix.Length > 64 || prefix.AsSpan().ContainsAnyExcept(KeyPrefixCharacters)))
        {
            errors.Add($"{KeyPrefixVariable} must be 1 to 64 letters, digits, ':', '.', '_' or '-' (default '{RedisSettings.DefaultKeyPrefix}').");
            return null;
        }

        return prefix;
    }

    private static string? Blank(string? value)
    {
        var trimmed = value?.Trim();
        return string.IsNullOrEmpty(trimmed) ? null : trimmed;
    }

    // A character set and a length, not a regular expression: that is all the rule is, and it keeps the
    // regular-expression engine out of every hosted server's start-up.
    private static readonly SearchValues<char> KeyPrefixCharacters =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789:._-");
}
