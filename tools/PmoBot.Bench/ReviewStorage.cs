using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using PmoBot.People;
using PmoBot.Projects;
using PmoBot.Reviews;
using PmoBot.Reviews.History;
using PmoBot.Reviews.Templates;

namespace PmoBot.Bench;

/// <summary>
/// The reviews benchmark's side of storage, through PmoBot's own classes: seeds each simulated PM (a person with the
/// ProjectManager role and one active weekly project), reads the questionnaire, and counts the reviews that arrived.
/// Runs after the bot has started, which creates the tables.
/// </summary>
internal sealed class ReviewStorage
{
    private const int Parallelism = 16;
    private const string SeededBy = "PmoBot.Bench";

    private readonly PeopleDirectory people;
    private readonly ProjectRegister register;
    private readonly ReviewTemplateStore templates;
    private readonly ReviewHistory history;

    public ReviewStorage(string connectionString)
    {
        TableServiceClient tables;
        try
        {
            tables = new TableServiceClient(connectionString);
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException)
        {
            throw new ArgumentException($"--storage is not a storage connection string: {ex.Message}", ex);
        }

        var time = TimeProvider.System;
        people = new PeopleDirectory(new UserStore(tables), new RoleMemberStore(tables), new UserLookupStore(tables), Options.Create(new RolesOptions()), time);
        register = new ProjectRegister(new ProjectStore(tables), new ProjectsByManagerStore(tables), time);
        templates = new ReviewTemplateStore(tables, time);
        history = new ReviewHistory(new ReviewHistoryStore(tables), new LatestStatusStore(tables), new MissedReviewStore(tables), time);
    }

    /// <summary>
    /// Stores each PM as someone the bot has never talked to (so their first message gets the welcome) and their
    /// project, as the PMO's onboarding would.
    /// </summary>
    public async Task SeedAsync(IReadOnlyList<BenchPm> pms, CancellationToken cancellationToken)
    {
        var grantor = new PmoUser("pmobot-bench", SeededBy, null, null, null, new HashSet<Role>(), false, null);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        await Parallel.ForEachAsync(
            pms,
            new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (pm, token) =>
            {
                var user = await people.EnsureAsync(
                    new UserProfile(pm.AadObjectId, pm.Name, pm.TeamsUserId, Email: null, BenchPm.TimeZone, TimeZoneChosenByUser: false, new HashSet<Role>(), FirstSeenAt: null),
                    token);
                await people.GrantAsync(user, Role.ProjectManager, grantor, token);
                var project = ProjectOf(pm, today);
                if (ProjectValidator.Validate(project) is { Count: > 0 } errors)
                {
                    throw new BenchmarkFailedException($"the benchmark's project {project.Code} is not valid: {string.Join(' ', errors)}");
                }

                if (await register.CreateAsync(project, SeededBy, token) is not ProjectSaveResult.Saved)
                {
                    throw new BenchmarkFailedException($"project {project.Code} already exists: the storage is not fresh");
                }
            });
    }

    /// <summary>The questionnaire a review started now answers (the first call on fresh storage publishes the default one, as the bot would).</summary>
    public Task<ReviewTemplate> CurrentTemplateAsync(CancellationToken cancellationToken) => templates.GetCurrentAsync(cancellationToken);

    /// <summary>How many of the PMs' projects have a submitted review for one of <paramref name="periods"/>.</summary>
    public async Task<int> CountSubmittedAsync(IReadOnlyList<BenchPm> pms, IReadOnlyCollection<ReviewPeriod> periods, CancellationToken cancellationToken)
    {
        var submitted = 0;
        await Parallel.ForEachAsync(
            pms,
            new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (pm, token) =>
            {
                foreach (var period in periods)
                {
                    if (await history.GetAsync(pm.ProjectCode, period, token) is { Outcome: ReviewOutcome.Submitted })
                    {
                        Interlocked.Increment(ref submitted);
                        return;
                    }
                }
            });
        return submitted;
    }

    /// <summary>An active weekly project running from half a year ago to a year ahead, with a baseline and two milestones.</summary>
    private static Project ProjectOf(BenchPm pm, DateOnly today)
    {
        var start = today.AddDays(-180);
        var end = today.AddDays(365);
        return new Project(
            pm.ProjectCode,
            $"Benchmark project {pm.Number}",
            "Benchmarks",
            new ProjectPerson(pm.AadObjectId, pm.Name),
            Deputy: null,
            "Bench Sponsor",
            ProjectStage.Execution,
            start,
            end,
            1_200_000m,
            "GBP",
            [new(start.AddDays(30), 50_000m), new(today, 500_000m), new(end, 1_150_000m)],
            [new("Design sign-off", start.AddDays(60), start.AddDays(60), true), new("Go-live", today.AddDays(120), today.AddDays(130), false)],
            ReviewCadence.Weekly,
            ProjectStatus.Active);
    }
}
