namespace Segnals.Mcp.Replicas;

/// <summary>Redis could not answer a command in time; the message is one sentence fit for a log or a tool result.</summary>
internal sealed class RedisUnavailableException(string message, Exception innerException) : Exception(message, innerException);
