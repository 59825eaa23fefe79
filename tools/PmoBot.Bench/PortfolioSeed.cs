using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Azure.Data.Tables;
using PmoBot.Projects;
using PmoBot.Reviews;
using PmoBot.Reviews.History;
using PmoBot.Reviews.Templates;
using PmoBot.Risks;
using PmoBot.Storage;
using PmoBot.Warnings;

namespace PmoBot.Bench;

/// <summary>What the portfolio benchmark seeded: the project codes, words to search names by, and the row counts.</summary>
internal sealed record SeededPortfolio(IReadOnlyList<string> Codes, IReadOnlyList<string> NameFragments, int Projects, int HistoryRows);

/// <summary>
/// Seeds the portfolio benchmark's storage through PmoBot's own stores, in transactions: projects through
/// <see cref="ProjectRegister.ImportAsync"/> (100 a transaction, with the PMs' index), each project's weekly reviews
/// as <c>ReviewHistory</c> rows (one partition a project), and the <c>LatestStatus</c> row
/// <see cref="LatestStatusBuilder"/> derives from that history, as the bot would. Partitions are written
/// <see cref="PortfolioBenchmarkSettings.Parallelism"/> at a time. Deterministic for a seed, apart from the dates.
/// </summary>
internal sealed class PortfolioSeed
{
    private const string SeededBy = "PmoBot.Bench";
    private const string CodePrefix = "PF";
    private const int ProjectsPerPm = 20;
    private const double MissedShare = 0.04;

    private static readonly string[] Units = ["Digital", "Retail", "Finance", "Operations", "Logistics", "People", "Marketing", "Infrastructure"];
    private static readonly string[] Currencies = ["GBP", "EUR", "USD"];
    private static readonly string[] Adjectives = ["Customer", "Unified", "Global", "Mobile", "Secure", "Cloud", "Smart", "Digital", "Regional", "Integrated", "Automated", "Core"];
    private static readonly string[] Subjects = ["ledger", "payments", "warehouse", "onboarding", "analytics", "loyalty", "portal", "billing", "identity", "pricing", "logistics", "reporting", "compliance", "checkout", "inventory", "service desk"];
    private static readonly string[] Kinds = ["migration", "rollout", "upgrade", "programme", "platform", "replacement", "consolidation", "pilot"];

    private readonly PortfolioBenchmarkSettings settings;
    private readonly BenchProgress progress;

    public PortfolioSeed(PortfolioBenchmarkSettings settings, BenchProgress progress)
    {
        this.settings = settings;
        this.progress = progress;
        try
        {
            Tables = new TableServiceClient(settings.StorageConnectionString);
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException)
        {
            throw new ArgumentException($"--storage is not a storage connection string: {ex.Message}", ex);
        }
    }

    public TableServiceClient Tables { get; }

    public async Task CreateTablesAsync(CancellationToken cancellationToken) =>
        await Task.WhenAll(
            new[]
            {
                ProjectStore.TableName, ProjectsByManagerStore.TableName, ReviewHistoryStore.TableName, LatestStatusStore.TableName,
                LoggedRiskStore.TableName, WarningStore.TableName,
            }.Select(name => Tables.CreateTableIfNotExistsAsync(name, cancellationToken)));

    public async Task<SeededPortfolio> SeedAsync(CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var projects = Enumerable.Range(1, settings.Projects).Select(n => ProjectOf(n, today)).ToList();
        foreach (var project in projects.Take(1))
        {
            if (ProjectValidator.Validate(project) is { Count: > 0 } errors)
            {
                throw new BenchmarkFailedException($"the benchmark's project {project.Code} is not valid: {string.Join(' ', errors)}");
            }
        }

        var parallel = new ParallelOptions { MaxDegreeOfParallelism = settings.Parallelism, CancellationToken = cancellationToken };
        var total = Stopwatch.StartNew();

        var register = new ProjectRegister(new ProjectStore(Tables), new ProjectsByManagerStore(Tables), TimeProvider.System);
        var empty = new Dictionary<string, StoredProject>();
        var phase = Stopwatch.StartNew();
        await Parallel.ForEachAsync(
            projects.Chunk(TableBatch.MaxOperationsPerTransaction),
            parallel,
            async (chunk, token) =>
            {
                var outcomes = await register.ImportAsync(chunk, empty, SeededBy, token);
                if (outcomes.Values.Any(o => o != ImportOutcome.Created))
                {
                    throw new BenchmarkFailedException("some projects already existed: the storage is not fresh");
                }
            });
        progress.Report($"seeded {projects.Count} projects (and the PMs' index) in {phase.Elapsed.TotalSeconds:0.0}s");

        var historyStore = new ReviewHistoryStore(Tables);
        var statuses = new ConcurrentBag<LatestStatus>();
        var historyRows = 0;
        var thisWeek = ReviewPeriod.Of(today);
        phase.Restart();
        await Parallel.ForEachAsync(
            projects.Select((project, index) => (project, index)),
            parallel,
            async (item, token) =>
            {
                var newestFirst = HistoryOf(item.project, thisWeek, new Random(HashCode.Combine(settings.Seed, item.index)));
                Interlocked.Add(ref historyRows, await historyStore.AddManyAsync(newestFirst, token));
                statuses.Add(LatestStatusBuilder.Build(item.project, newestFirst));
                if ((item.index + 1) % 1000 == 0)
                {
                    progress.Report($"history: {Volatile.Read(ref historyRows):N0} rows so far");
                }
            });
        progress.Report($"seeded {historyRows:N0} review history rows ({settings.Weeks} weeks a project) in {phase.Elapsed.TotalSeconds:0.0}s");

        var latestStore = new LatestStatusStore(Tables);
        phase.Restart();
        await Parallel.ForEachAsync(
            statuses.OrderBy(s => s.ProjectCode, StringComparer.Ordinal).Chunk(TableBatch.MaxOperationsPerTransaction),
            parallel,
            async (chunk, token) => await latestStore.AddManyAsync(chunk, token));
        progress.Report($"seeded {statuses.Count} latest statuses in {phase.Elapsed.TotalSeconds:0.0}s");
        progress.Report($"seeding took {total.Elapsed.TotalSeconds:0.0}s");

        var fragments = Adjectives.Concat(Subjects).Concat(Kinds).Select(w => w.Length > 5 ? w[1..5] : w).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        return new SeededPortfolio(projects.Select(p => p.Code).ToList(), fragments, projects.Count, historyRows);
    }

    /// <summary>
    /// An active weekly project that started over a year ago and ends next year: a baseline, two milestones, and a
    /// budget in one of three currencies. PMs manage <see cref="ProjectsPerPm"/> projects each.
    /// </summary>
    private Project ProjectOf(int number, DateOnly today)
    {
        var random = new Random(HashCode.Combine(settings.Seed, number, "project"));
        var start = today.AddDays(-(7 * settings.Weeks) - 30 - random.Next(60));
        var end = today.AddDays(200 + random.Next(400));
        var bac = 100_000m * (1 + random.Next(50));
        var pm = (number - 1) / ProjectsPerPm;
        var name = $"{Pick(random, Adjectives)} {Pick(random, Subjects)} {Pick(random, Kinds)} {number.ToString(CultureInfo.InvariantCulture)}";
        return new Project(
            $"{CodePrefix}-{number.ToString(CultureInfo.InvariantCulture)}",
            char.ToUpperInvariant(name[0]) + name[1..],
            Units[number % Units.Length],
            new ProjectPerson($"bench-pm-{pm.ToString(CultureInfo.InvariantCulture)}", $"Bench PM {pm.ToString("D3", CultureInfo.InvariantCulture)}"),
            Deputy: null,
            "Bench Sponsor",
            ProjectStage.Execution,
            start,
            end,
            bac,
            Currencies[number % Currencies.Length],
            [new(start.AddDays(30), bac * 0.05m), new(today, bac * 0.5m), new(end, bac * 0.95m)],
            [new("Design sign-off", start.AddDays(60), start.AddDays(60), true), new("Go-live", end.AddDays(-60), end.AddDays(-60 + random.Next(30)), false)],
            ReviewCadence.Weekly,
            ProjectStatus.Active);
    }

    /// <summary>
    /// <see cref="PortfolioBenchmarkSettings.Weeks"/> weekly reviews up to last week, newest first: a RAG that drifts,
    /// progress and cost that grow (each project with its own cost efficiency), risks, decisions and a summary, and a
    /// few missed weeks; earned value as the bot computes it on submission.
    /// </summary>
    private List<ReviewRecord> HistoryOf(Project project, ReviewPeriod thisWeek, Random random)
    {
        var efficiency = 0.7m + (decimal)random.NextDouble() * 0.5m;
        var rag = Rag.Green;
        var records = new List<ReviewRecord>(settings.Weeks);
        var period = thisWeek;
        for (var i = 0; i < settings.Weeks; i++)
        {
            period = period.Previous;
            var friday = period.Monday.AddDays(4);
            var recordedAt = new DateTimeOffset(friday.ToDateTime(new TimeOnly(15, 0)), TimeSpan.Zero);
            if (i > 0 && random.NextDouble() < MissedShare)
            {
                records.Add(ReviewRecord.Missed(project.Code, period, recordedAt.AddDays(3)));
                continue;
            }

            rag = random.Next(6) switch
            {
                0 when rag > Rag.Red => rag - 1,
                1 when rag < Rag.Green => rag + 1,
                _ => rag,
            };
            var elapsed = (decimal)(friday.DayNumber - project.Start.DayNumber) / (project.PlannedEnd.DayNumber - project.Start.DayNumber);
            var percent = Math.Round(Math.Clamp(elapsed * 100m * (0.8m + (decimal)random.NextDouble() * 0.3m), 0m, 100m), 1);
            var actualCost = Math.Round(percent / 100m * project.BudgetAtCompletion / efficiency, 2);
            var answers = ReviewAnswers.Empty
                .With(WellKnownQuestions.Overall, ReviewAnswers.Canonical(rag))
                .With(WellKnownQuestions.PercentComplete, ReviewAnswers.Canonical(percent))
                .With(WellKnownQuestions.ActualCost, ReviewAnswers.Canonical(actualCost))
                .With(WellKnownQuestions.NextMilestone, "Go-live")
                .With(WellKnownQuestions.NextMilestoneDate, ReviewAnswers.Canonical(project.Milestones[1].ForecastDate))
                .With(WellKnownQuestions.TopRisks, ReviewAnswers.Canonical(
                [
                    new RiskEntry("Vendor delivery may slip past the integration window", (RiskLevel)(1 + random.Next(3)), (RiskLevel)(1 + random.Next(3))),
                    new RiskEntry("Key people are shared with another programme", (RiskLevel)(1 + random.Next(3)), (RiskLevel)(1 + random.Next(3))),
                ]))
                .With(WellKnownQuestions.Decisions, "Approve the change request for the reporting scope")
                .With(WellKnownQuestions.Summary, rag == Rag.Green ? "On track." : "Integration testing found defects; the team is replanning the next sprint.");
            foreach (var dimension in WellKnownQuestions.Dimensions)
            {
                answers = answers.With(dimension, ReviewAnswers.Canonical(random.Next(4) == 0 ? rag : Rag.Green));
            }

            records.Add(new ReviewRecord(
                project.Code,
                period,
                ReviewOutcome.Submitted,
                1,
                answers,
                project.Manager.UserKey,
                project.Manager.Name,
                recordedAt,
                Guid.NewGuid().ToString("N"),
                EarnedValueCalculator.Compute(project, answers, friday)));
        }

        return records;
    }

    private static string Pick(Random random, string[] words) => words[random.Next(words.Length)];
}
