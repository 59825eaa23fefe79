using System.Globalization;
using Microsoft.Extensions.Logging;

namespace PmoBot.Tests.TestSupport;

/// <summary>
/// Every test server's warnings and errors, appended to the file <c>PMOBOT_TEST_SERVER_LOG</c> names
/// (<c>scripts/test.sh</c> sets it beside the test results), each with its time, so a test that fails only in the
/// full suite can be matched with what the server logged then. xUnit does not capture a server's console.
/// </summary>
public sealed class ServerLogFile : ILoggerProvider
{
    private static readonly Lock Gate = new();

    private ServerLogFile(string path) => Path = path;

    public static string? PathFromEnvironment => Environment.GetEnvironmentVariable("PMOBOT_TEST_SERVER_LOG") is { Length: > 0 } path ? path : null;

    public string Path { get; }

    /// <summary>The provider for the file the environment names, or null when it names none.</summary>
    public static ServerLogFile? FromEnvironment() => PathFromEnvironment is { } path ? new ServerLogFile(path) : null;

    public ILogger CreateLogger(string categoryName) => new FileLogger(this, categoryName);

    public void Dispose()
    {
    }

    private void Append(string line)
    {
        lock (Gate)
        {
            File.AppendAllText(Path, line);
        }
    }

    private sealed class FileLogger(ServerLogFile file, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            var line = $"{DateTime.UtcNow.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture)} {logLevel} {category}: {formatter(state, exception)}{Environment.NewLine}";
            file.Append(exception is null ? line : line + exception + Environment.NewLine);
        }
    }
}
