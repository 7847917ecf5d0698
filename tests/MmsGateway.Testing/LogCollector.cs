using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace MmsGateway.Testing;

/// <summary>Keeps every log line of warning level and above that the gateway writes, for tests that
/// assert what an operator would read in the log.</summary>
public sealed class LogCollector : ILoggerProvider
{
    public sealed record Entry(LogLevel Level, string Category, EventId Event, string Message, Exception? Error);

    public ConcurrentQueue<Entry> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose() { }

    private sealed class Logger(LogCollector owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel)) owner.Entries.Enqueue(new Entry(logLevel, category, eventId, formatter(state, exception), exception));
        }
    }
}
