using PmoBot.People;
using PmoBot.Projects;
using PmoBot.Reviews;
using PmoBot.Reviews.History;
using PmoBot.Reviews.Templates;

namespace PmoBot.Demo;

/// <summary>
/// Six weeks of past reviews for the demo portfolio, so a newcomer sees trends, earned value, last week's answers as
/// defaults and a missed review at once: one project drifting into trouble, one steady, one recovering, one silent.
/// </summary>
public static class DemoReviewHistory
{
    public const int Weeks = 6;

    /// <summary>How each demo project has gone: its overall RAG oldest first, schedule and cost performance at the start and now.</summary>
    private static readonly Dictionary<string, DemoTrend> Trends = new(StringComparer.OrdinalIgnoreCase)
    {
        ["PRJ-101"] = new([Rag.Green, Rag.Green, Rag.Amber, Rag.Amber, Rag.Amber, Rag.Red], 0.98m, 0.86m, 1.00m, 0.88m,
            "Vendor API delays push the go-live; app store review slower than planned.",
            [new("Card provider API not ready for go-live", RiskLevel.High, RiskLevel.High), new("App store rejection of the new build", RiskLevel.Medium, RiskLevel.Medium)],
            "Approve two extra sprints or descope biometric login."),
        ["PRJ-103"] = new([Rag.Amber, Rag.Amber, Rag.Amber, Rag.Green, Rag.Green, Rag.Green], 0.90m, 1.00m, 0.92m, 0.99m,
            "Migration waves back on plan after the network change freeze ended.",
            [new("Legacy mainframe interfaces undocumented", RiskLevel.Medium, RiskLevel.High)],
            null),
        ["PRJ-105"] = new([Rag.Green, Rag.Green, Rag.Green, Rag.Green, Rag.Green, Rag.Green], 1.00m, 1.00m, 1.02m, 1.03m,
            "Closing down: hypercare ends this month, lessons learned workshop booked.",
            [],
            null),
        ["PRJ-108"] = new([Rag.Green, Rag.Amber, Rag.Amber, Rag.Amber, Rag.Amber, Rag.Amber], 0.97m, 0.93m, 0.99m, 0.95m,
            "Role model workshops with HR running late; access reviews design on track.",
            [new("HR data quality too low for automated joiner-mover-leaver", RiskLevel.High, RiskLevel.Medium)],
            "Sponsor to confirm HR as data owner."),
    };

    /// <summary>The project whose PM did not answer last week: it shows in <c>overdue</c>.</summary>
    public const string SilentProject = "PRJ-102";

    /// <summary>
    /// Which weeks (0 the oldest, never the newest: last week's answers are the defaults of the next review) a project
    /// answered a compliance question no, turn by turn over the questions asked in its stage; never the same process
    /// twice in a row, so no project trips the compliance warning. PRJ-101 slips, PRJ-103 recovers.
    /// </summary>
    private static readonly Dictionary<string, int[]> ComplianceMisses = new(StringComparer.OrdinalIgnoreCase)
    {
        ["PRJ-101"] = [1, 3, 4],
        ["PRJ-103"] = [0, 1],
        ["PRJ-105"] = [2],
        ["PRJ-108"] = [0, 2],
    };

    /// <param name="recorded">Called with every seeded review, new or already there (the compliance view keeps its answers).</param>
    public static async Task<int> SeedAsync(IReadOnlyList<Project> portfolio, ReviewTemplate template, ReviewHistory history, DateTimeOffset now, CancellationToken cancellationToken, Func<Project, ReviewRecord, CancellationToken, Task>? recorded = null)
    {
        var written = 0;
        foreach (var project in portfolio.Where(p => p.Status == ProjectStatus.Active))
        {
            // Each project's history ends the week before its PM's own week: on a Monday in London it is still Sunday
            // in New York, and Megan's review of the week she is in must not be there already.
            var thisWeek = ReviewPeriod.Of(now, ManagerZone(project));
            if (string.Equals(project.Code, SilentProject, StringComparison.OrdinalIgnoreCase))
            {
                written += await history.RecordMissedAsync(project, thisWeek.Previous, now, cancellationToken) ? 1 : 0;
                continue;
            }

            if (!Trends.TryGetValue(project.Code, out var trend))
            {
                continue;
            }

            var period = thisWeek;
            for (var week = Weeks - 1; week >= 0; week--)
            {
                period = period.Previous;
                var reviewDate = period.Monday;
                var answers = trend.Answers(project, Weeks - 1 - week, reviewDate, ComplianceAnswers(template, project, Weeks - 1 - week, reviewDate));
                var submission = new ReviewSubmission(project, period, template.Version, answers, project.Manager.UserKey, project.Manager.Name, $"demo|{project.Code}|{period}", reviewDate, SubmittedAt(project, reviewDate, now));
                var outcome = await history.SubmitAsync(submission, cancellationToken);
                written += outcome is SubmitOutcome.Recorded ? 1 : 0;
                if (recorded is not null)
                {
                    await recorded(project, outcome is SubmitOutcome.Recorded r ? r.Record : ((SubmitOutcome.AlreadyRecorded)outcome).Record, cancellationToken);
                }
            }
        }

        return written;
    }

    /// <summary>
    /// When the PM sent a seeded review: the review's Monday at 10:30 in the PM's time zone, as a review answered soon
    /// after it opened would be (never later than now), rather than the moment the demo was seeded.
    /// </summary>
    private static DateTimeOffset SubmittedAt(Project project, DateOnly reviewDate, DateTimeOffset now)
    {
        var zone = ManagerZone(project);
        var local = reviewDate.ToDateTime(new TimeOnly(10, 30));
        var at = new DateTimeOffset(local, zone.GetUtcOffset(local));
        return at < now ? at : now;
    }

    /// <param name="week">0 for the newest review, counting back.</param>
    private static Dictionary<string, string> ComplianceAnswers(ReviewTemplate template, Project project, int week, DateOnly reviewDate)
    {
        var asked = template.Questions.Where(q => q.Type == QuestionType.Compliance && (q.Stages is null || q.Stages.Contains(project.Stage))).ToList();
        var oldestFirst = Weeks - 1 - week;
        var answers = asked.ToDictionary(q => q.Id, _ => ComplianceAnswer.Yes.Canonical);
        if (asked.Count > 0 && ComplianceMisses.TryGetValue(project.Code, out var misses) && misses.Contains(oldestFirst))
        {
            var missed = asked[oldestFirst % asked.Count];
            answers[missed.Id] = new ComplianceAnswer(ComplianceKind.No, "Not done this week: the team was at the customer's site", reviewDate.AddDays(7)).Canonical;
        }

        return answers;
    }

    private sealed record DemoTrend(Rag[] Overall, decimal FirstSpi, decimal LastSpi, decimal FirstCpi, decimal LastCpi, string Summary, RiskEntry[] Risks, string? Decisions)
    {
        /// <param name="week">0 for the newest review, counting back.</param>
        public ReviewAnswers Answers(Project project, int week, DateOnly reviewDate, IReadOnlyDictionary<string, string> compliance)
        {
            var progress = (decimal)(Weeks - 1 - week) / (Weeks - 1);
            var spi = FirstSpi + ((LastSpi - FirstSpi) * progress);
            var cpi = FirstCpi + ((LastCpi - FirstCpi) * progress);
            var planned = EarnedValueCalculator.PlannedValue(project, reviewDate) ?? 0m;
            var percent = project.BudgetAtCompletion == 0 ? 0m : Math.Clamp(Math.Round(planned * spi / project.BudgetAtCompletion * 100m), 0m, 100m);
            var earned = percent / 100m * project.BudgetAtCompletion;
            var overall = Overall[Weeks - 1 - week];
            var next = project.Milestones.Where(m => !m.Completed).OrderBy(m => m.ForecastDate).FirstOrDefault();
            var values = new Dictionary<string, string>
            {
                [WellKnownQuestions.Overall] = ReviewAnswers.Canonical(overall),
                [WellKnownQuestions.Scope] = ReviewAnswers.Canonical(Rag.Green),
                [WellKnownQuestions.Schedule] = ReviewAnswers.Canonical(spi < 0.9m ? Rag.Red : spi < 0.97m ? Rag.Amber : Rag.Green),
                [WellKnownQuestions.Cost] = ReviewAnswers.Canonical(cpi < 0.9m ? Rag.Red : cpi < 0.97m ? Rag.Amber : Rag.Green),
                [WellKnownQuestions.Quality] = ReviewAnswers.Canonical(Rag.Green),
                [WellKnownQuestions.Risk] = ReviewAnswers.Canonical(Risks.Any(r => r.Score >= 6) ? Rag.Amber : Rag.Green),
                [WellKnownQuestions.Stakeholders] = ReviewAnswers.Canonical(overall == Rag.Red ? Rag.Amber : Rag.Green),
                [WellKnownQuestions.PercentComplete] = ReviewAnswers.Canonical(percent),
                [WellKnownQuestions.ActualCost] = ReviewAnswers.Canonical(Math.Round(cpi == 0 ? earned : earned / cpi)),
                [WellKnownQuestions.EstimateAtCompletion] = ReviewAnswers.Canonical(Math.Round(project.BudgetAtCompletion / cpi / 1_000m) * 1_000m),
                [WellKnownQuestions.TopRisks] = ReviewAnswers.Canonical(Risks),
                [WellKnownQuestions.Summary] = Summary,
            };
            if (next is not null)
            {
                values[WellKnownQuestions.NextMilestone] = next.Name;
                values[WellKnownQuestions.NextMilestoneDate] = ReviewAnswers.Canonical(next.ForecastDate);
            }

            if (Decisions is not null)
            {
                values[WellKnownQuestions.Decisions] = Decisions;
            }

            foreach (var (id, answer) in compliance)
            {
                values[id] = answer;
            }

            return ReviewAnswers.From(values);
        }
    }

    private static TimeZoneInfo ManagerZone(Project project) =>
        UserTimeZones.Resolve(DemoOrganisation.People.FirstOrDefault(p => string.Equals(p.AadObjectId, project.Manager.UserKey, StringComparison.OrdinalIgnoreCase))?.TimeZone);
}
