using PmoBot.Lessons;
using PmoBot.Projects;
using PmoBot.Reviews.History;

namespace PmoBot.Warnings;

/// <summary>
/// Keeps a project's warning episodes in step with its rules: a rule that starts firing raises an episode (posted
/// once), one that keeps firing updates it (the card changes in place when what it says changed), one that stops
/// closes it. Safe to run twice at once for a project: raising is an insert only one wins, the rest is ETag-guarded.
/// </summary>
public sealed partial class WarningMonitor(
    WarningRules rules,
    WarningStore store,
    ReviewHistory history,
    WarningAlerts alerts,
    ILessonAdvisor lessons,
    TimeProvider time,
    ILogger<WarningMonitor> logger)
{
    public const int LessonsShown = 3;

    private const int MaxLessonText = 600;

    /// <summary>The log repeats the headline it was raised with; a manual warning's description may be long.</summary>
    private const int MaxActivityHeadline = 200;

    public const string System = "PmoBot";

    /// <summary>Evaluates the rules for the project and raises, updates and closes its episodes. Returns the open ones.</summary>
    public async Task<IReadOnlyList<WarningEpisode>> EvaluateAsync(Project project, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(project);
        var now = time.GetUtcNow();
        var records = await history.RecentAsync(project.Code, rules.Options.HistoryDepth, cancellationToken);
        var context = new WarningContext(project, records, DateOnly.FromDateTime(now.UtcDateTime));

        // Only active projects are watched: on hold or closed, their open warnings close with the reason. Manual
        // warnings are not the rules' to update or close: they stay open until the PMO closes them.
        var signals = project.Status == ProjectStatus.Active ? rules.Evaluate(context) : [];
        var open = (await store.ListOpenAsync(project.Code, cancellationToken))
            .Where(e => !ManualWarning.IsManual(e.RuleId))
            .ToDictionary(e => e.RuleId, StringComparer.OrdinalIgnoreCase);
        var result = new List<WarningEpisode>();
        foreach (var signal in signals)
        {
            var episode = open.Remove(signal.RuleId, out var existing)
                ? await UpdateAsync(existing, signal, cancellationToken) ?? existing
                : await RaiseAsync(project, signal, signal.RuleId, WarningText.ReviewText(context.Latest), new WarningStamp(System, System, now), cancellationToken);
            if (episode is not null)
            {
                result.Add(episode);
            }
        }

        foreach (var stopped in open.Values)
        {
            var reason = project.Status == ProjectStatus.Active ? "the signal stopped" : $"the project is {ProjectText.Describe(project.Status)}";
            await CloseAsync(stopped, reason, cancellationToken);
        }

        return result;
    }

    /// <summary>
    /// Raises a warning someone raised by hand (<see cref="ManualWarnings"/>): an episode like a rule's, posted the
    /// same way, with lessons matched on its description. Null when an episode with the signal's rule id is already
    /// open (the same form sent twice); one a crash left unposted is posted then.
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

        var raised = await RaiseAsync(project, signal, ManualWarning.RuleId, signal.Headline, raisedBy, cancellationToken);
        if (raised is null
            && (await store.ListOpenAsync(project.Code, cancellationToken)).FirstOrDefault(e => string.Equals(e.RuleId, signal.RuleId, StringComparison.OrdinalIgnoreCase)) is { Posted: false } unposted)
        {
            await TidyAsync(unposted, cancellationToken);
        }

        return raised;
    }

    /// <summary>Finishes what a crash left (an alert not yet posted) and lifts snoozes that ran out, with a card update.</summary>
    public async Task TidyAsync(WarningEpisode episode, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(episode);
        var now = time.GetUtcNow();
        if (!episode.Posted)
        {
            await PostAsync(episode, cancellationToken);
        }
        else if (episode.SnoozedUntil is { } until && until <= now)
        {
            var woken = await store.UpdateOpenAsync(
                episode.Id,
                e => e.SnoozedUntil is { } u && u <= now ? e.Log(new WarningStamp(System, System, now), "snooze ended") with { SnoozedUntil = null } : null,
                cancellationToken);
            if (woken is not null)
            {
                await alerts.UpdateAsync(woken, cancellationToken);
            }
        }
    }

    /// <param name="lessonsCategory">The category lessons are looked up by: the rule id, or <c>manual</c>.</param>
    /// <param name="lessonsText">The text lessons share words with: the latest review's, or the manual warning's description.</param>
    private async Task<WarningEpisode?> RaiseAsync(Project project, WarningSignal signal, string lessonsCategory, string lessonsText, WarningStamp raisedBy, CancellationToken cancellationToken)
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
            Lessons = await LessonsAsync(lessonsCategory, lessonsText, cancellationToken),
            Activity = [new WarningActivity(now, raisedBy.ByName, $"raised: {Risks.MessageText.Shorten(signal.Headline, MaxActivityHeadline)}")],
        };
        if (await store.TryAddAsync(episode, cancellationToken) is null)
        {
            // Raised by another evaluation a moment ago: it posts; this one has nothing to add.
            return null;
        }

        LogRaised(project.Code, signal.RuleId, signal.Severity);
        return await PostAsync(episode, cancellationToken);
    }

    private async Task<WarningEpisode> PostAsync(WarningEpisode episode, CancellationToken cancellationToken)
    {
        var copies = await alerts.PostAsync(episode, cancellationToken);
        return await store.UpdateOpenAsync(episode.Id, e => e with { Posted = true, Copies = copies }, cancellationToken) ?? episode;
    }

    private async Task<WarningEpisode?> UpdateAsync(WarningEpisode existing, WarningSignal signal, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var updated = await store.UpdateOpenAsync(
            existing.Id,
            e =>
            {
                if (e.Severity == signal.Severity && e.Headline == signal.Headline && e.Trend == signal.Trend)
                {
                    return null;
                }

                var what = e.Severity == signal.Severity ? $"now {signal.Headline}" : $"{WarningText.Describe(e.Severity)} → {WarningText.Describe(signal.Severity)}: {signal.Headline}";
                return e.Log(new WarningStamp(System, System, now), what) with { Severity = signal.Severity, Headline = signal.Headline, Trend = signal.Trend };
            },
            cancellationToken);
        if (updated is not null)
        {
            await alerts.UpdateAsync(updated, cancellationToken);
        }

        return updated;
    }

    private async Task CloseAsync(WarningEpisode episode, string reason, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var closed = await store.CloseAsync(
            episode.Id,
            e => e.Log(new WarningStamp(System, System, now), $"closed: {reason}") with { ClosedAt = now, CloseReason = reason },
            cancellationToken);
        if (closed is not null)
        {
            LogClosed(episode.ProjectCode, episode.RuleId, reason);
            await alerts.UpdateAsync(closed, cancellationToken);
        }
    }

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

    [LoggerMessage(Level = LogLevel.Information, Message = "Warning {RuleId} on {ProjectCode} closed: {Reason}")]
    private partial void LogClosed(string projectCode, string ruleId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lessons for {RuleId} could not be read; the warning is posted without them")]
    private partial void LogLessonsFailed(Exception exception, string ruleId);
}
