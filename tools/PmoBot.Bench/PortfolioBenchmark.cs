using System.Diagnostics;
using System.Globalization;
using Azure.Data.Tables;
using PmoBot.Commands;
using PmoBot.Conversations;
using PmoBot.People;
using PmoBot.Portfolio;
using PmoBot.Projects;
using PmoBot.Reviews.History;
using PmoBot.Risks;
using PmoBot.Warnings;

namespace PmoBot.Bench;

/// <summary>
/// <c>portfolio</c>: seeds a large portfolio (projects, a year of weekly reviews each, their latest statuses) and times,
/// in process for a PMO caller, the real <c>portfolio</c> and <c>status</c> commands and the messaging extension's
/// search, against the storage floor: one query of the <c>LatestStatus</c> partition reading every row.
/// </summary>
internal static class PortfolioBenchmark
{
    private const int Warmup = 5;

    public static async Task<IReadOnlyList<Metric>> RunAsync(CommandLine options, CancellationToken cancellationToken)
    {
        var settings = new PortfolioBenchmarkSettings(
            options.Required("storage"),
            options.Integer("projects", 5000, min: 1),
            options.Integer("weeks", 52, min: 1),
            options.Integer("runs", 50, min: 1),
            options.Integer("lookups", 200, min: 1),
            options.Integer("parallelism", 12, min: 1),
            options.Integer("seed", 1));
        var progress = new BenchProgress("portfolio");
        var seed = new PortfolioSeed(settings, progress);
        await seed.CreateTablesAsync(cancellationToken);
        var seeded = await seed.SeedAsync(cancellationToken);

        var tables = seed.Tables;
        var time = TimeProvider.System;
        var register = new ProjectRegister(new ProjectStore(tables), new ProjectsByManagerStore(tables), time);
        var scope = new PortfolioScope(Microsoft.Extensions.Options.Options.Create(new PortfolioOptions()));
        var reader = new PortfolioReader(register, new LatestStatusStore(tables));
        var loggedRisks = new LoggedRiskStore(tables);
        var lookup = new ProjectStatusLookup(scope, reader, loggedRisks);
        var commands = new CommandRouter(
            [new PortfolioCommands(scope, reader, lookup, loggedRisks, new WarningStore(tables), new WarningRules(new WarningsOptions()))]);
        var pmo = new PmoUser("pmobot-bench-pmo", "Bench PMO", null, null, "Europe/London", new HashSet<Role> { Role.Pmo }, false, null);
        var statusTable = tables.GetTableClient(LatestStatusStore.TableName);
        var random = new Random(settings.Seed + 1);

        async Task PortfolioAsync()
        {
            var card = (await commands.RouteAsync(pmo, "portfolio", ConversationKind.Personal, [], cancellationToken)).Card?.ToJsonString()
                ?? throw new BenchmarkFailedException("portfolio answered without a card");
            if (!card.Contains($"{seeded.Projects.ToString(CultureInfo.InvariantCulture)} projects open", StringComparison.Ordinal))
            {
                throw new BenchmarkFailedException($"the portfolio card does not show {seeded.Projects} open projects: {Shorten(card)}");
            }
        }

        async Task StatusAsync()
        {
            var code = seeded.Codes[random.Next(seeded.Codes.Count)];
            var card = (await commands.RouteAsync(pmo, $"status {code}", ConversationKind.Personal, [], cancellationToken)).Card?.ToJsonString()
                ?? throw new BenchmarkFailedException($"status {code} answered without a card");
            if (!card.Contains(code, StringComparison.Ordinal) || !card.Contains("\"refresh\"", StringComparison.Ordinal))
            {
                throw new BenchmarkFailedException($"status {code} did not answer with the project's status card: {Shorten(card)}");
            }
        }

        async Task SearchAsync()
        {
            var fragment = seeded.NameFragments[random.Next(seeded.NameFragments.Count)];
            var found = await lookup.SearchAsync(pmo, fragment, 25, cancellationToken);
            if (found.Count == 0)
            {
                throw new BenchmarkFailedException($"searching \"{fragment}\" found nothing");
            }
        }

        async Task FloorAsync()
        {
            var rows = 0;
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {LatestStatusStore.PortfolioPartition}");
            await foreach (var _ in statusTable.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
            {
                rows++;
            }

            if (rows != seeded.Projects)
            {
                throw new BenchmarkFailedException($"the LatestStatus partition holds {rows} rows, not {seeded.Projects}");
            }
        }

        var floor = await TimeAsync("floor", FloorAsync, settings.Runs, progress);
        var portfolio = await TimeAsync("portfolio", PortfolioAsync, settings.Runs, progress);
        var status = await TimeAsync("status", StatusAsync, settings.Lookups, progress);
        var search = await TimeAsync("search", SearchAsync, settings.Lookups, progress);
        return
        [
            new("portfolio_p99_ms", portfolio.P99),
            new("status_p99_ms", status.P99),
            new("search_p99_ms", search.P99),
            new("floor_p99_ms", floor.P99),
            new("portfolio_ratio", portfolio.P99 / floor.P99),
            new("projects", seeded.Projects),
            new("history_rows", seeded.HistoryRows),
        ];
    }

    /// <summary>Runs <paramref name="operation"/> a few times untimed, then <paramref name="runs"/> times one after another, timing each.</summary>
    private static async Task<Latencies> TimeAsync(string name, Func<Task> operation, int runs, BenchProgress progress)
    {
        for (var i = 0; i < Warmup; i++)
        {
            await operation();
        }

        var durations = new List<TimeSpan>(runs);
        var total = Stopwatch.StartNew();
        for (var i = 0; i < runs; i++)
        {
            var watch = Stopwatch.StartNew();
            await operation();
            durations.Add(watch.Elapsed);
        }

        var latencies = new Latencies(durations);
        progress.Report(string.Create(
            CultureInfo.InvariantCulture,
            $"{name}: {runs} runs in {total.Elapsed.TotalSeconds:0.0}s, p50 {latencies.P50:0.0} ms, p99 {latencies.P99:0.0} ms, max {latencies.Max:0.0} ms"));
        return latencies;
    }

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "…";
}

internal sealed record PortfolioBenchmarkSettings(
    string StorageConnectionString,
    int Projects,
    int Weeks,
    int Runs,
    int Lookups,
    int Parallelism,
    int Seed);
