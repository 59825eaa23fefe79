using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace PmoBot.Bench;

/// <summary>What the real bot is started with when it runs as the benchmark's sender.</summary>
internal sealed record SenderSettings(
    string PmoBotDll,
    string StorageConnectionString,
    string QueueName,
    string DeadLetterQueueName,
    double GlobalRatePerSecond,
    int? Senders);

/// <summary>
/// The real PmoBot in its own process (<c>dotnet PmoBot.dll</c>), so the benchmark measures the outbox exactly as
/// it runs in production and can kill it outright, as a crash or an eviction would.
/// </summary>
internal sealed class SenderProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private readonly Process process;
    private readonly StreamWriter log;
    private readonly Lock logGate = new();
    private bool logClosed;
    private bool disposed;

    private SenderProcess(Process process, StreamWriter log, string logPath)
    {
        this.process = process;
        this.log = log;
        LogPath = logPath;
    }

    public string LogPath { get; }

    public bool HasExited => process.HasExited;

    /// <summary>Starts the bot and waits until its /healthz says Healthy (storage reachable, tables and queues created).</summary>
    public static async Task<SenderProcess> StartAsync(SenderSettings settings, string logPath, CancellationToken cancellationToken)
    {
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { settings.PmoBotDll, "--urls", $"http://127.0.0.1:{port}", "--contentRoot", Path.GetDirectoryName(Path.GetFullPath(settings.PmoBotDll))! },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            Environment =
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Development",
                ["Storage__ConnectionString"] = settings.StorageConnectionString,
                ["Delivery__QueueName"] = settings.QueueName,
                ["Delivery__DeadLetterQueueName"] = settings.DeadLetterQueueName,
                ["Delivery__GlobalRatePerSecond"] = settings.GlobalRatePerSecond.ToString(CultureInfo.InvariantCulture),
                ["Delivery__VisibilityTimeout"] = "00:00:10",
                ["Demo__Seed"] = "false",
                ["Logging__LogLevel__Default"] = "Warning",
            },
        };
        if (settings.Senders is { } senders)
        {
            start.Environment["Delivery__Senders"] = senders.ToString(CultureInfo.InvariantCulture);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(logPath))!);
        var log = new StreamWriter(logPath, append: false) { AutoFlush = true };
        var process = new Process { StartInfo = start };
        var sender = new SenderProcess(process, log, logPath);
        process.OutputDataReceived += (_, e) => sender.Append(e.Data);
        process.ErrorDataReceived += (_, e) => sender.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await sender.WaitUntilHealthyAsync(new Uri($"http://127.0.0.1:{port}/healthz"), cancellationToken);
            return sender;
        }
        catch
        {
            await sender.DisposeAsync();
            throw;
        }
    }

    /// <summary>Ends the process and everything it started at once, without letting it finish anything.</summary>
    public async Task KillAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        await process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        await KillAsync();
        process.Dispose();
        lock (logGate)
        {
            logClosed = true;
            log.Dispose();
        }
    }

    public BenchmarkFailedException Exited(string when) =>
        new($"the sender process exited ({process.ExitCode}) {when}; see {LogPath}");

    private async Task WaitUntilHealthyAsync(Uri health, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < StartTimeout)
        {
            if (process.HasExited)
            {
                throw Exited("while starting");
            }

            try
            {
                using var response = await http.GetAsync(health, cancellationToken);
                if (response.IsSuccessStatusCode && (await response.Content.ReadAsStringAsync(cancellationToken)).Contains("\"status\":\"Healthy\"", StringComparison.Ordinal))
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Listening but not answering yet.
            }

            await Task.Delay(200, cancellationToken);
        }

        throw new BenchmarkFailedException($"the sender process did not report Healthy on {health} within {StartTimeout.TotalSeconds} s; see {LogPath}");
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (logGate)
        {
            if (!logClosed)
            {
                log.WriteLine(line);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
