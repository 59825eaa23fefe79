using System.Diagnostics;
using System.Globalization;
using PmoBot.People;
using PmoBot.Reviews;
using PmoBot.Teams;

namespace PmoBot.Bench;

/// <summary>
/// One run of the reviews benchmark: start the connector stand-in and the bot, seed the PMs, warm both endpoints up,
/// then time the reviews and the echo floor, and count the reviews in storage.
/// </summary>
internal sealed class ReviewsRun(ReviewsBenchmarkSettings settings)
{
    private static readonly TimeSpan TurnTimeout = TimeSpan.FromSeconds(60);

    private readonly string runId = string.Create(CultureInfo.InvariantCulture, $"reviews-{DateTime.UtcNow:MMddHHmmss}-{Random.Shared.Next(0x10000):x4}");
    private readonly BenchProgress progress = new("reviews");

    public async Task<IReadOnlyList<Metric>> RunAsync(CancellationToken cancellationToken)
    {
        var storage = new ReviewStorage(settings.StorageConnectionString);
        await using var connector = await ReplyConnector.StartAsync(cancellationToken);
        progress.Report($"run {runId}: connector stand-in on {connector.ServiceUrl}; starting PmoBot");
        await using var bot = await PmoBotProcess.StartAsync(
            new PmoBotSettings(settings.PmoBotDll, settings.StorageConnectionString, new Dictionary<string, string>(StringComparer.Ordinal) { [EchoEndpoint.Switch.Replace(":", "__", StringComparison.Ordinal)] = "true" }),
            Path.Combine(settings.ArtifactsDirectory, $"bot-{runId}.log"),
            cancellationToken);

        // Codes of this run only (letters and digits, a dash and the PM's number), e.g. R1A2B-17.
        var codePrefix = string.Create(CultureInfo.InvariantCulture, $"R{Random.Shared.Next(0x10000):X4}");
        var pms = BenchPm.Create(codePrefix, settings.Pms);
        var warmupPms = BenchPm.Create(codePrefix, settings.WarmupPms, firstNumber: settings.Pms + 1);
        progress.Report($"PmoBot on {bot.BaseAddress}; seeding {pms.Count} PMs and {warmupPms.Count} for the warm-up, each with one weekly project");
        await storage.SeedAsync([.. pms, .. warmupPms], cancellationToken);
        var template = await storage.CurrentTemplateAsync(cancellationToken);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var reviews = pms.Select(pm => ReviewScript.For(pm, template, today)).ToList();
        var warmupReviews = warmupPms.Select(pm => ReviewScript.For(pm, template, today)).ToList();

        using var http = PmoBotProcess.Client(TurnTimeout);
        var driver = new ChatDriver(http, connector, progress);
        var messages = bot.Messages;
        var echo = bot.Echo;

        progress.Report($"warming up: {warmupPms.Count} reviews of {template.Questions.Count} questions (template version {template.Version}), then as many echo turns");
        EnsureClean("warm-up", await driver.RunAsync("warm-up", messages, warmupReviews, settings.Concurrency, cancellationToken), bot);
        EnsureClean("echo warm-up", await driver.RunAsync("echo warm-up", echo, warmupReviews.Select(EchoScript.Of).ToList(), settings.Concurrency, cancellationToken), bot);

        var cpu = new CpuMeter(bot, settings.AzuritePids);
        var zone = UserTimeZones.Resolve(BenchPm.TimeZone);
        var periodAtStart = ReviewPeriod.Of(DateTimeOffset.UtcNow, zone);
        progress.Report($"reviews: {pms.Count} PMs, {settings.Concurrency} at a time, {reviews.Sum(r => r.Turns.Count)} turns");
        var reviewRun = await MeasureAsync("reviews", () => driver.RunAsync("reviews", messages, reviews, settings.Concurrency, cancellationToken), cpu);
        progress.Report($"echo: the same messages to {EchoEndpoint.Route}");
        var echoRun = await MeasureAsync("echo", () => driver.RunAsync("echo", echo, reviews.Select(EchoScript.Of).ToList(), settings.Concurrency, cancellationToken), cpu);
        if (bot.HasExited)
        {
            throw bot.Exited("during the run");
        }

        // A run across midnight from Sunday to Monday in London answers reviews of two weeks.
        var periods = new HashSet<ReviewPeriod> { periodAtStart, ReviewPeriod.Of(DateTimeOffset.UtcNow, zone) };
        var submitted = await storage.CountSubmittedAsync(pms, periods, cancellationToken);
        var timeline = Path.Combine(settings.ArtifactsDirectory, $"turns-{runId}.csv");
        await WriteCsvAsync(timeline, [.. reviewRun.Timings, .. echoRun.Timings], cancellationToken);
        progress.Report($"done: {submitted} of {pms.Count} reviews submitted; connector requests other than a new activity: {connector.Unexpected}; connections the bot opened to the connector: {connector.Connections}; every turn in {timeline}, the bot's log in {bot.LogPath}");

        var turns = new Latencies(reviewRun.Timings.Select(t => t.Duration));
        var floor = new Latencies(echoRun.Timings.Select(t => t.Duration));
        return
        [
            new("turn_p50_ms", turns.P50),
            new("turn_p99_ms", turns.P99),
            new("echo_p50_ms", floor.P50),
            new("echo_p99_ms", floor.P99),
            new("p99_ratio", turns.P99 / floor.P99),
            new("reviews_submitted", submitted),
            new("lost", pms.Count - submitted),
            new("turns", turns.Count),
            new("errors", reviewRun.Errors),
            new("echo_errors", echoRun.Errors),
        ];
    }

    /// <summary>The warm-up must go through cleanly: if it does not, the bot or the benchmark is broken and timing it means nothing.</summary>
    private static void EnsureClean(string what, ChatRunResult run, PmoBotProcess bot)
    {
        if (run.Errors == 0)
        {
            return;
        }

        if (bot.HasExited)
        {
            throw bot.Exited($"during the {what}");
        }

        throw new BenchmarkFailedException($"{run.Errors} errors in the {what}, e.g. {run.FirstProblems[0]}; see {bot.LogPath}");
    }

    /// <summary>
    /// Runs the scripts and reports on stderr: the rate, the CPU each process spent a turn, latency by step, and the
    /// first problems.
    /// </summary>
    private async Task<ChatRunResult> MeasureAsync(string name, Func<Task<ChatRunResult>> run, CpuMeter cpu)
    {
        var before = cpu.Read();
        var wall = Stopwatch.StartNew();
        var result = await run();
        wall.Stop();
        progress.Report(string.Create(
            CultureInfo.InvariantCulture,
            $"{name}: {result.Timings.Count} turns in {wall.Elapsed.TotalSeconds:0.0} s ({result.Timings.Count / wall.Elapsed.TotalSeconds:0.0}/s); CPU a turn: {cpu.Read().PerTurnSince(before, result.Timings.Count)}"));
        foreach (var step in result.Timings.GroupBy(t => t.Step))
        {
            var latencies = new Latencies(step.Select(t => t.Duration));
            progress.Report(string.Create(CultureInfo.InvariantCulture, $"{name}: {step.Key,-7} {latencies.Count,5} turns, p50 {latencies.P50,7:0.0} ms, p99 {latencies.P99,7:0.0} ms, max {latencies.Max,7:0.0} ms"));
        }

        progress.Report($"{name}: {result.Finished} scripts finished, {result.Errors} errors");
        foreach (var problem in result.FirstProblems)
        {
            progress.Report($"{name}: error: {problem}");
        }

        return result;
    }

    private static async Task WriteCsvAsync(string path, IReadOnlyList<TurnTiming> timings, CancellationToken cancellationToken) =>
        await File.WriteAllLinesAsync(
            path,
            timings.OrderBy(t => t.Endpoint, StringComparer.Ordinal).ThenBy(t => t.StartedAt)
                .Select(t => string.Create(CultureInfo.InvariantCulture, $"{t.Endpoint},{t.Pm},{t.Turn},{t.Step},{t.StartedAt.TotalSeconds:0.000},{t.Duration.TotalMilliseconds:0.000}"))
                .Prepend("run,pm,turn,step,started_s,ms"),
            cancellationToken);
}
