using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace UpstreamMonitor.Tests.Configuration;

/// <summary>Keeps every log entry so tests can assert what was logged, and how often.</summary>
internal sealed class CapturingLogger<T> : ILogger<T>
{
    private readonly ConcurrentQueue<(LogLevel Level, EventId EventId, string Message)> _entries = new();

    public IReadOnlyList<(LogLevel Level, EventId EventId, string Message)> Entries => [.. _entries];

    public IReadOnlyList<string> At(LogLevel level) => [.. _entries.Where(e => e.Level == level).Select(e => e.Message)];

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        _entries.Enqueue((logLevel, eventId, formatter(state, exception)));
}
