using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Segnals.Mcp.Replicas.Tests.Infrastructure;

/// <summary>Keeps every line logged, formatted, so a test can count them and search them for secrets.</summary>
internal sealed class RecordingLogger : ILogger
{
    public ConcurrentQueue<string> Lines { get; } = new();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Lines.Enqueue($"{logLevel}: {formatter(state, exception)}{(exception is null ? "" : " | " + exception)}");

    public int Count(string fragment) => Lines.Count(line => line.Contains(fragment, StringComparison.Ordinal));
}
