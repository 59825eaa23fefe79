using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace PmoBot.Tests.Reviews.Schedule;

/// <summary>Keeps what was logged, so a test can see that a failure was reported and not swallowed.</summary>
public sealed class RecordingLogger<T> : ILogger<T>
{
    private readonly ConcurrentQueue<(LogLevel Level, string Message, Exception? Exception)> entries = new();

    public IReadOnlyList<(LogLevel Level, string Message, Exception? Exception)> Entries => entries.ToList();

    public IReadOnlyList<string> MessagesAtLeast(LogLevel level) => entries.Where(e => e.Level >= level).Select(e => e.Message).ToList();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        entries.Enqueue((logLevel, formatter(state, exception), exception));
    }
}
