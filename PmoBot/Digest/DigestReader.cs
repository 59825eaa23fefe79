using Microsoft.Extensions.Options;
using PmoBot.Blockers;
using PmoBot.Projects;
using PmoBot.Reviews;
using PmoBot.Reviews.CheckIn;
using PmoBot.Reviews.History;
using PmoBot.Reviews.Leave;
using PmoBot.Reviews.Schedule;
using PmoBot.Reviews.Templates;
using PmoBot.Warnings;

namespace PmoBot.Digest;

/// <summary>
/// Reads what the week's digest may list, once for the whole portfolio: each source is one partition read (the
/// register, the latest statuses, the open warnings, the open blockers, the missed reviews), plus the history of the
/// projects reviewed since the last digest (for slipped milestones) and the calendar of each PM whose review opens in
/// the coming week. A calendar that cannot be read (Graph missing or failing) leaves that PM out of the leave section
/// and says so in the log; it never stops the digest.
/// </summary>
public sealed partial class DigestReader(
    ProjectRegister register,
    LatestStatusStore statuses,
    ReviewHistory history,
    WarningStore warnings,
    WarningRules rules,
    BlockerRegister blockers,
    ReviewScheduler schedules,
    LeaveCalendar leave,
    IOptions<WarningsOptions> warningOptions,
    IOptions<DigestOptions> options,
    ILogger<DigestReader> logger)
{
    /// <summary>Calendars that could not be read in a row before the rest are not asked (Graph is down or not set up).</summary>
    private const int UnreadableCalendarsBeforeGivingUp = 3;

    private const int MaxMissed = 200;

    public async Task<DigestFacts> ReadAsync(ReviewPeriod week, DateTimeOffset since, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var projects = (await register.ListStoredAsync(cancellationToken)).ToDictionary(p => p.Key, p => p.Value.Project, StringComparer.OrdinalIgnoreCase);
        var sinceWeek = ReviewPeriod.Of(since, options.Value.Zone);
        var ragChanges = new List<RagChange>();
        var slips = new List<MilestoneSlip>();
        foreach (var status in (await statuses.ListAsync(cancellationToken)).Where(s => projects.ContainsKey(s.ProjectCode) && s.LastReviewPeriod >= sinceWeek))
        {
            var (latest, before) = await ReviewsAroundAsync(status.ProjectCode, sinceWeek, cancellationToken);
            if (latest is null)
            {
                continue;
            }

            var project = projects[status.ProjectCode];
            if (RagChangeOf(project, latest, before) is { } change)
            {
                ragChanges.Add(change);
            }

            if (SlipOf(project, latest, before) is { } slip)
            {
                slips.Add(slip);
            }
        }

        var critical = (await warnings.ListOpenAsync(cancellationToken))
            .Where(w => w.Severity == WarningSeverity.Critical && !w.IsSnoozed(now))
            .Select(w => new CriticalWarning(w.ProjectCode, rules.TitleOf(w.RuleId), w.Headline, w.RaisedAt > since, w.RaisedAt))
            .ToList();
        var days = warningOptions.Value.BlockerOpenDays;
        var old = (await blockers.OpenAsync(cancellationToken)).Where(b => b.AgeDays(now) > days).ToList();
        var missed = (await history.OverdueAsync(0, MaxMissed, m => !m.OnLeave && m.RecordedAt > since, cancellationToken)).Items;
        var onLeave = await LeaveAheadAsync(projects.Values, now, cancellationToken);
        return new DigestFacts(week, since, now, options.Value.Zone, days, projects, ragChanges, critical, old, missed, slips, onLeave);
    }

    /// <summary>
    /// The project's latest submitted review and the newest submitted before <paramref name="sinceWeek"/> (the week of
    /// the last digest): what the project looked like then. Reviews are labelled by week, so the weeks decide, not when a
    /// row was written.
    /// </summary>
    private async Task<(ReviewRecord? Latest, ReviewRecord? Before)> ReviewsAroundAsync(string code, ReviewPeriod sinceWeek, CancellationToken cancellationToken)
    {
        var submitted = (await history.RecentAsync(code, ReviewHistory.LastSubmittedLookBack, cancellationToken)).Where(r => r.IsSubmitted).ToList();
        var latest = submitted.FirstOrDefault();
        return latest is null || latest.Period < sinceWeek ? (null, null) : (latest, submitted.FirstOrDefault(r => r.Period < sinceWeek));
    }

    /// <summary>Red or amber now, and better before (or no review before to compare with).</summary>
    private static RagChange? RagChangeOf(Project project, ReviewRecord latest, ReviewRecord? before)
    {
        var now = latest.Answers.Rag(WellKnownQuestions.Overall);
        var was = before?.Answers.Rag(WellKnownQuestions.Overall);
        return now is Rag.Red or Rag.Amber && (was is null || now < was)
            ? new RagChange(project.Code, project.Name, now.Value, was, latest.Period, latest.SubmittedByName ?? project.Manager.Name)
            : null;
    }

    /// <summary>The latest review forecasts its next milestone later than the review before the last digest did for the same milestone.</summary>
    private static MilestoneSlip? SlipOf(Project project, ReviewRecord latest, ReviewRecord? before)
    {
        var name = latest.Answers.Text(WellKnownQuestions.NextMilestone)?.Trim();
        return before is not null
            && name is not null
            && string.Equals(name, before.Answers.Text(WellKnownQuestions.NextMilestone)?.Trim(), StringComparison.OrdinalIgnoreCase)
            && latest.Answers.Date(WellKnownQuestions.NextMilestoneDate) is { } now
            && before.Answers.Date(WellKnownQuestions.NextMilestoneDate) is { } was
            && now > was
            ? new MilestoneSlip(project.Code, project.Name, name, was, now)
            : null;
    }

    /// <summary>PMs whose review opens within a week of <paramref name="now"/> and who are out of office when it opens.</summary>
    private async Task<IReadOnlyList<LeaveAhead>> LeaveAheadAsync(IEnumerable<Project> projects, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var found = new List<LeaveAhead>();
        var unreadable = 0;
        foreach (var managed in projects.Where(p => p.Status == ProjectStatus.Active).GroupBy(p => p.Manager.UserKey, StringComparer.OrdinalIgnoreCase))
        {
            var schedule = await schedules.GetAsync(managed.Key, cancellationToken);
            if (schedule.NextOpening < now || schedule.NextOpening >= now.AddDays(7))
            {
                continue;
            }

            var due = managed.Where(p => ReviewCadenceRule.IsDue(p, schedule.Period)).Select(p => p.Code).Order(ProjectText.CodeOrder).ToList();
            if (due.Count == 0)
            {
                continue;
            }

            switch (await leave.ReadAsync(managed.Key, schedule.NextOpening, schedule.DeadlineAt, cancellationToken))
            {
                case LeaveReading.Away away:
                    found.Add(new LeaveAhead(managed.Key, managed.First().Manager.Name, schedule.NextOpening, schedule.Zone, due, away.Back));
                    unreadable = 0;
                    break;
                case LeaveReading.Unknown unknown:
                    LogLeaveUnknown(managed.Key, unknown.Why);
                    if (++unreadable >= UnreadableCalendarsBeforeGivingUp)
                    {
                        LogLeaveLeftOut(UnreadableCalendarsBeforeGivingUp);
                        return found;
                    }

                    break;
                default:
                    unreadable = 0;
                    break;
            }
        }

        return found;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Digest: the calendar of {UserKey} could not be read ({Why}); the digest's leave line leaves them out")]
    private partial void LogLeaveUnknown(string userKey, string why);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Digest: {Count} calendars in a row could not be read; the leave line is left out for the other PMs this week")]
    private partial void LogLeaveLeftOut(int count);
}
