using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace CoP.TestSupport;

/// <summary>Keeps every log line written during a test (message, state values and exception), for privacy checks.</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<CapturedLog> _entries = new();

    public IReadOnlyCollection<CapturedLog> Entries => _entries;

    public ILogger CreateLogger(string categoryName) => new CapturingLogger(categoryName, _entries);

    public void Dispose()
    {
    }

    private sealed class CapturingLogger(string category, ConcurrentQueue<CapturedLog> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state as IEnumerable<KeyValuePair<string, object?>>;
            var rendered = values is null ? "" : string.Join(" ", values.Select(v => $"{v.Key}={v.Value}"));
            entries.Enqueue(new CapturedLog(category, logLevel, formatter(state, exception), rendered, exception?.ToString()));
        }
    }
}

public sealed record CapturedLog(string Category, LogLevel Level, string Message, string StateValues, string? Exception)
{
    public string AllText => $"{Message} {StateValues} {Exception}";
}
