namespace Segnals.Mcp.Runtime.Safety;

/// <summary>The replay store could not say whether a token was spent, so the action it confirms must not run.</summary>
public sealed class ConfirmationStoreUnavailableException : Exception
{
    public ConfirmationStoreUnavailableException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
