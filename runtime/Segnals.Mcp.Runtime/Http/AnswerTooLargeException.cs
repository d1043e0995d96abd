namespace Segnals.Mcp.Runtime.Http;

/// <summary>An answer's body was longer than the client reads; the rest was left unread and the connection dropped.</summary>
internal sealed class AnswerTooLargeException(long maxAnswerBytes)
    : HttpRequestException(HttpRequestError.ConfigurationLimitExceeded, $"The answer was longer than {maxAnswerBytes} bytes.")
{
    public long MaxAnswerBytes { get; } = maxAnswerBytes;
}
