using PmoBot.Blockers;
using PmoBot.Commands;
using PmoBot.Lessons;
using PmoBot.Projects;
using PmoBot.Reviews.History;

namespace PmoBot.Warnings;

/// <summary>
/// Keeps a project's warning episodes in step with its rules: a rule that starts firing raises an episode, one that
/// keeps firing updates it, one that stops closes it. Episodes stay one per rule, so nothing is raised twice. Then the
/// project's one card is published once for the whole evaluation (<see cref="WarningAlerts.PublishAsync"/>): posted
/// anew when a warning was raised or got more severe, else updated in place. Safe to run twice at once for a project:
/// raising is an insert only one wins, the rest is ETag-guarded.
/// </summary>
public sealed partial class WarningMonitor(
    WarningRules rules,
    WarningStore store,
    ReviewHistory history,
    WarningAlerts alerts,
    ILessonAdvisor lessons,
    TimeProvider time,
    ILogger<WarningMonitor> logger,
    BlockerRegister? blockers = null,
    Telemetry.PmoMetrics? metrics = null)
{
    public const int LessonsShown = 3;

    private const int MaxLessonText = 600;

    /// <summary>The log repeats the headline it was raised with; a manual warning's description may be long.</summary>
    private const int MaxActivityHeadline = 200;

    public const string System = "PmoBot";

    /// <summary>How many of a project's closed warnings are read to find a rule's last one (they are few, newest first).</summary>
    private const int ClosedChecked = 20;

    /// <summary>Evaluates the rules for the project and raises, updates and closes its episodes. Returns the open ones.</summary>
    public async Task<IReadOnlyList<WarningEpisode>> EvaluateAsync(Project project, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(project);
        var now = time.GetUtcNow();

        // The project's history, open blockers and open warnings are independent reads: one round trip, not three.
        var recordsRead = history.RecentAsync(project.Code, rules.Options.HistoryDepth, cancellationToken);
        var blockersRead = blockers is null ? Task.FromResult<IReadOnlyList<Blocker>>([]) : blockers.OpenOfProjectsAsync([project.Code], cancellationToken);
        var storedRead = store.ListOpenAsync(project.Code, cancellationToken);
        await Task.WhenAll(recordsRead, blockersRead, storedRead);
        var records = await recordsRead;
        var stored = await storedRead;
        // UTC's date, not a person's: a warning is one record per project, posted to the PMO in every zone and kept by a
        // sweep as well as by reviews, and its rules count blockers' ages from their UTC dates; a viewer's date would flap it.
        var context = new WarningContext(project, records, DateOnly.FromDateTime(now.UtcDateTime), await blockersRead);
        DateTimeOffset? asOf = records.Count == 0 ? null : records.Max(r => r.RecordedAt);

        // Only active projects are watched: on hold or closed, their open warnings close with the reason. Manual
        // warnings are not the rules' to update or close: they stay open until the PMO closes them.
        var signals = project.Status == ProjectStatus.Active ? rules.Evaluate(context) : [];
        var openEpisodes = stored
            .Where(e => !ManualWarning.IsManual(e.RuleId))
            .ToDictionary(e => e.RuleId, StringComparer.OrdinalIgnoreCase);

        // Each signal takes its rule's open episode, if any; the episodes left over are those whose signal stopped.
        var pairs = new List<(WarningSignal Signal, WarningEpisode? Existing)>();
        foreach (var signal in signals)
        {
            pairs.Add((signal, openEpisodes.Remove(signal.RuleId, out var existing) ? existing : null));
        }

        // Each rule has its own episode (its own row, ETag-guarded), so the rules' raises, updates and closes run side
        // by side; the project's closed warnings are read once, by the first raise that needs them.
        var closedRecently = new Lazy<Task<IReadOnlyList<WarningEpisode>>>(() => store.ListClosedAsync(project.Code, ClosedChecked, cancellationToken));
        var applied = await Task.WhenAll(pairs.Select(async pair =>
        {
            if (pair.Existing is { } existing)
            {
                var updated = await UpdateAsync(existing, pair.Signal, asOf, cancellationToken);
                return (Episode: (WarningEpisode?)(updated ?? existing), Changed: updated is not null);
            }

            // The lessons are looked up while the closed warnings are read: a raise needs both, and it is rarely refused.
            var lessonsRead = LessonsAsync(pair.Signal.RuleId, WarningText.ReviewText(context.Latest), cancellationToken);
            var raised = await ClosedByNewerAsync(closedRecently, pair.Signal.RuleId, asOf)
                ? null
                : await RaiseAsync(project, pair.Signal, await lessonsRead, new WarningStamp(System, System, now), asOf, cancellationToken);
            return (Episode: raised, Changed: raised is not null);
        }));
        var reason = project.Status == ProjectStatus.Active ? "the signal stopped" : $"the project is {EnumText.Describe(project.Status)}";
        var closes = await Task.WhenAll(openEpisodes.Values.Select(stopped => CloseAsync(stopped, reason, asOf, cancellationToken)));
        var changed = applied.Any(a => a.Changed) || closes.Any(closed => closed);
        var result = applied.Where(a => a.Episode is not null).Select(a => a.Episode!).ToList();

        // Nothing changed and everything announced (most projects, most days): no card to post or edit.
        if (changed || stored.Any(e => !e.Posted))
        {
            await alerts.PublishAsync(project.Code, changed, cancellationToken);
        }

        return result;
    }

    /// <summary>
    /// Raises a warning someone raised by hand (<see cref="ManualWarnings"/>): an episode like a rule's, on the
    /// project's card, posted the same way, with lessons matched on its description. Null when an episode with the
    /// signal's rule id is already open (the same form sent twice); one a crash left unposted is posted then.
    /// </summary>
    public async Task<WarningEpisode?> RaiseManualAsync(Project project, WarningSignal signal, WarningStamp raisedBy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(signal);
        ArgumentNullException.ThrowIfNull(raisedBy);
        if (!ManualWarning.IsManual(signal.RuleId))
        {
            throw new ArgumentException($"'{signal.RuleId}' is not a manual warning's rule id.", nameof(signal));
        }

        var raised = await RaiseAsync(project, signal, await LessonsAsync(ManualWarning.RuleId, signal.Headline, cancellationToken), raisedBy, null, cancellationToken);

        // Also when the form came twice: a crash may have left the first one's card unposted.
        await alerts.PublishAsync(project.Code, raised is not null, cancellationToken);
        return raised;
    }

    /// <summary>
    /// Finishes what a crash left (a card not yet posted, a review meeting booking still pending), and lifts snoozes
    /// that ran out, then publishes the project's card once for all of it.
    /// </summary>
    public async Task TidyAsync(string projectCode, IReadOnlyList<WarningEpisode> open, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(open);
        var now = time.GetUtcNow();
        var changed = false;
        foreach (var episode in open.Where(e => Tidied(e, now) is not null))
        {
            changed |= await store.UpdateOpenAsync(episode.Id, e => Tidied(e, now), cancellationToken) is not null;
        }

        await alerts.PublishAsync(projectCode, changed, cancellationToken);
    }

    /// <summary>
    /// The episode with a snooze that ran out lifted, and a review meeting booking left pending (PmoBot stopped while
    /// Graph was answering) marked not finished, with the button back; null when neither applies. One write for both.
    /// </summary>
    private static WarningEpisode? Tidied(WarningEpisode episode, DateTimeOffset now)
    {
        var stamp = new WarningStamp(System, System, now);
        var tidied = episode;
        if (tidied.SnoozedUntil is { } until && until <= now)
        {
            tidied = tidied.Log(stamp, "snooze ended") with { SnoozedUntil = null };
        }

        if (tidied.Meeting is { Pending: true } meeting && !meeting.IsPendingAt(now))
        {
            tidied = tidied.Log(stamp, "review meeting booking did not finish") with { Meeting = meeting.NotFinished() };
        }

        return ReferenceEquals(tidied, episode) ? null : tidied;
    }

    /// <param name="lessons">The lessons looked up for it: by the rule id (or <c>manual</c>), sharing words with the latest review's text (or the manual warning's description).</param>
    /// <param name="asOf">The newest review record the evaluation read (null for a warning raised by hand).</param>
    private async Task<WarningEpisode?> RaiseAsync(Project project, WarningSignal signal, IReadOnlyList<LessonSuggestion> lessons, WarningStamp raisedBy, DateTimeOffset? asOf, CancellationToken cancellationToken)
    {
        var now = raisedBy.At;
        var episode = new WarningEpisode(
            WarningEpisode.NewId(project.Code, signal.RuleId, now),
            project.Code,
            project.Name,
            project.Manager.UserKey,
            project.Manager.Name,
            signal.RuleId,
            signal.Severity,
            signal.Headline,
            signal.Trend,
            now,
            now,
            1)
        {
            Lessons = lessons,
            Activity = [new WarningActivity(now, raisedBy.ByName, $"raised: {MessageText.Shorten(signal.Headline, MaxActivityHeadline)}")],
            EvidenceAt = asOf,
        };
        if (await store.TryAddAsync(episode, cancellationToken) is null)
        {
            // Raised by another evaluation a moment ago: it posts; this one has nothing to add.
            return null;
        }

        LogRaised(project.Code, signal.RuleId, signal.Severity);
        metrics?.WarningRaised(signal.RuleId, signal.Severity.ToString().ToLowerInvariant());
        return episode;
    }

    private async Task<WarningEpisode?> UpdateAsync(WarningEpisode existing, WarningSignal signal, DateTimeOffset? asOf, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var updated = await store.UpdateOpenAsync(
            existing.Id,
            e =>
            {
                if ((e.Severity == signal.Severity && e.Headline == signal.Headline && e.Trend == signal.Trend) || e.IsNewerThan(asOf))
                {
                    return null;
                }

                var escalated = signal.Severity > e.Severity;
                var what = e.Severity == signal.Severity ? $"now {signal.Headline}"
                    : $"{(escalated ? "escalated" : "eased")} {WarningText.Describe(e.Severity)} → {WarningText.Describe(signal.Severity)}: {signal.Headline}";

                // A rise is announced again on a new card (an edit of the old one notifies nobody).
                return e.Log(new WarningStamp(System, System, now), what) with
                {
                    Severity = signal.Severity,
                    Headline = signal.Headline,
                    Trend = signal.Trend,
                    Posted = e.Posted && !escalated,
                    EvidenceAt = asOf ?? e.EvidenceAt,
                };
            },
            cancellationToken);
        if (updated is not null && updated.Severity > existing.Severity)
        {
            LogEscalated(existing.ProjectCode, existing.RuleId, existing.Severity, updated.Severity);
        }

        return updated;
    }

    private async Task<bool> CloseAsync(WarningEpisode episode, string reason, DateTimeOffset? asOf, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var closed = await store.CloseAsync(
            episode.Id,
            e => e.IsNewerThan(asOf) ? null : e.Log(new WarningStamp(System, System, now), $"closed: {reason}") with { ClosedAt = now, CloseReason = reason, EvidenceAt = asOf ?? e.EvidenceAt },
            cancellationToken);
        if (closed is not null)
        {
            LogClosed(episode.ProjectCode, episode.RuleId, reason);
        }

        return closed is not null;
    }

    /// <summary>
    /// Whether an evaluation that read a newer history closed the rule's last episode: this one, reading an older
    /// history (a sweep that read it just before a review was recorded), must not raise it again.
    /// </summary>
    private static async Task<bool> ClosedByNewerAsync(Lazy<Task<IReadOnlyList<WarningEpisode>>> closedRecently, string ruleId, DateTimeOffset? asOf) =>
        asOf is not null
        && (await closedRecently.Value).FirstOrDefault(e => string.Equals(e.RuleId, ruleId, StringComparison.OrdinalIgnoreCase)) is { } last
        && last.IsNewerThan(asOf);

    /// <summary>The lessons the card shows; a failing advisor leaves them out rather than holding the warning back.</summary>
    private async Task<IReadOnlyList<LessonSuggestion>> LessonsAsync(string ruleId, string reviewText, CancellationToken cancellationToken)
    {
        try
        {
            var found = await lessons.RelevantAsync(ruleId, reviewText, LessonsShown, cancellationToken);
            return found.Take(LessonsShown).Select(Clip).ToList();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogLessonsFailed(ex, ruleId);
            return [];
        }
    }

    /// <summary>Lessons are stored with the episode, and a table property holds 64 KB: long texts are cut.</summary>
    private static LessonSuggestion Clip(LessonSuggestion lesson) => lesson with
    {
        Title = Cut(lesson.Title),
        WhatHappened = Cut(lesson.WhatHappened),
        WhatToDo = Cut(lesson.WhatToDo),
        ContingencyActions = lesson.ContingencyActions.Take(5).Select(Cut).ToList(),
    };

    private static string Cut(string text) => text.Length <= MaxLessonText ? text : text[..(MaxLessonText - 1)] + "…";

    [LoggerMessage(Level = LogLevel.Information, Message = "Warning {RuleId} raised on {ProjectCode} ({Severity})")]
    private partial void LogRaised(string projectCode, string ruleId, WarningSeverity severity);

    [LoggerMessage(Level = LogLevel.Information, Message = "Warning {RuleId} on {ProjectCode} escalated from {From} to {To}")]
    private partial void LogEscalated(string projectCode, string ruleId, WarningSeverity from, WarningSeverity to);

    [LoggerMessage(Level = LogLevel.Information, Message = "Warning {RuleId} on {ProjectCode} closed: {Reason}")]
    private partial void LogClosed(string projectCode, string ruleId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lessons for {RuleId} could not be read; the warning is posted without them")]
    private partial void LogLessonsFailed(Exception exception, string ruleId);
}
