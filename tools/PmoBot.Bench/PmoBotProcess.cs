using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace PmoBot.Bench;

/// <summary>
/// What the real bot is started with: its dll, the storage it uses, and the configuration a benchmark adds
/// (<c>Section__Key</c> environment variables, e.g. <c>Delivery__GlobalRatePerSecond</c>), over the settings every
/// benchmark shares: Development, anonymous, no demo seeding, logging at Warning.
/// </summary>
internal sealed record PmoBotSettings(string PmoBotDll, string StorageConnectionString, IReadOnlyDictionary<string, string> Configuration);

/// <summary>
/// The real PmoBot in its own process (<c>dotnet PmoBot.dll</c>), so a benchmark measures the bot exactly as it runs
/// in production, over HTTP, and can kill it outright, as a crash or an eviction would.
/// </summary>
internal sealed class PmoBotProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private readonly Process process;
    private readonly StreamWriter log;
    private readonly Lock logGate = new();
    private bool logClosed;
    private bool disposed;

    private PmoBotProcess(Process process, StreamWriter log, string logPath, Uri baseAddress)
    {
        this.process = process;
        this.log = log;
        LogPath = logPath;
        BaseAddress = baseAddress;
    }

    public string LogPath { get; }

    /// <summary>Where the bot listens, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The bot's messaging endpoint, where Teams posts activities.</summary>
    public Uri Messages => new(BaseAddress, PmoBot.Teams.TeamsServiceCollectionExtensions.MessagesRoute.TrimStart('/'));

    /// <summary>The echo endpoint (the framework's floor), when the bot was started with it switched on.</summary>
    public Uri Echo => new(BaseAddress, PmoBot.Teams.EchoEndpoint.Route.TrimStart('/'));

    /// <summary>A client for the bot's endpoints that keeps its connections, as the Bot Connector does.</summary>
    public static HttpClient Client(TimeSpan timeout) => new(new SocketsHttpHandler { PooledConnectionLifetime = Timeout.InfiniteTimeSpan }) { Timeout = timeout };

    public bool HasExited => process.HasExited;

    /// <summary>CPU time the bot has used so far (all its threads), to tell how much of a turn is the bot's own work.</summary>
    public TimeSpan ProcessorTime
    {
        get
        {
            process.Refresh();
            return process.TotalProcessorTime;
        }
    }

    /// <summary>Starts the bot and waits until its /healthz says Healthy (storage reachable, tables and queues created).</summary>
    public static async Task<PmoBotProcess> StartAsync(PmoBotSettings settings, string logPath, CancellationToken cancellationToken)
    {
        var port = FreePort();
        var baseAddress = new Uri($"http://127.0.0.1:{port}/");
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
                ["Demo__Seed"] = "false",
                ["Logging__LogLevel__Default"] = "Warning",

                // Development (for the anonymous playground auth) also logs a line per turn, which production does not.
                ["Logging__LogLevel__PmoBot.Telemetry"] = "Warning",
            },
        };
        foreach (var (name, value) in settings.Configuration)
        {
            start.Environment[name] = value;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(logPath))!);
        var log = new StreamWriter(logPath, append: false) { AutoFlush = true };
        var process = new Process { StartInfo = start };
        var bot = new PmoBotProcess(process, log, logPath, baseAddress);
        process.OutputDataReceived += (_, e) => bot.Append(e.Data);
        process.ErrorDataReceived += (_, e) => bot.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await bot.WaitUntilHealthyAsync(new Uri(baseAddress, "healthz"), cancellationToken);
            return bot;
        }
        catch
        {
            await bot.DisposeAsync();
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
        new($"PmoBot exited ({process.ExitCode}) {when}; see {LogPath}");

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

        throw new BenchmarkFailedException($"PmoBot did not report Healthy on {health} within {StartTimeout.TotalSeconds} s; see {LogPath}");
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
