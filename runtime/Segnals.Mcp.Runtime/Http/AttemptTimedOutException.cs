namespace Segnals.Mcp.Runtime.Http;

/// <summary>One attempt ran past its timeout (not the caller's cancellation): transient, and worth a retry for an idempotent call.</summary>
internal sealed class AttemptTimedOutException(Exception inner) : TimeoutException("The attempt timed out.", inner);
