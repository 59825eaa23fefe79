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

    public static async Task<int> SeedAsync(IReadOnlyList<Project> portfolio, ReviewTemplate template, ReviewHistory history, DateOnly today, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var thisWeek = ReviewPeriod.Of(today);
        var written = 0;
        foreach (var project in portfolio.Where(p => p.Status == ProjectStatus.Active))
        {
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
                var answers = trend.Answers(project, Weeks - 1 - week, reviewDate);
                var submission = new ReviewSubmission(project, period, template.Version, answers, project.Manager.UserKey, project.Manager.Name, $"demo|{project.Code}|{period}", reviewDate);
                written += await history.SubmitAsync(submission, cancellationToken) is SubmitOutcome.Recorded ? 1 : 0;
            }
        }

        return written;
    }

    private sealed record DemoTrend(Rag[] Overall, decimal FirstSpi, decimal LastSpi, decimal FirstCpi, decimal LastCpi, string Summary, RiskEntry[] Risks, string? Decisions)
    {
        /// <param name="week">0 for the newest review, counting back.</param>
        public ReviewAnswers Answers(Project project, int week, DateOnly reviewDate)
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

            return ReviewAnswers.From(values);
        }
    }
}
