using PmoBot.Commands;
using PmoBot.People;
using PmoBot.Projects;
using PmoBot.Reviews.History;
using PmoBot.Reviews.Templates;

namespace PmoBot.Reviews.CheckIn;

/// <summary>Which of a PM's projects are due for review, and a fresh session for the first of them with last week's answers as defaults.</summary>
public sealed class ReviewStarter(ProjectRegister register, ReviewTemplateStore templates, ReviewHistory history, TimeProvider time)
{
    /// <summary>
    /// The active projects the person reviews that have no submitted review for <paramref name="period"/> and that run
    /// in it (a project starting after the week has none due), by code.
    /// With <paramref name="managerOnly"/> (the weekly round) deputies are left out and the project's cadence applies.
    /// </summary>
    public async Task<IReadOnlyList<string>> DueProjectsAsync(string userKey, ReviewPeriod period, bool managerOnly, CancellationToken cancellationToken)
    {
        var managed = (await register.ListManagedAsync(userKey, cancellationToken))
            .Where(m => m.Project.Status == ProjectStatus.Active && (!managerOnly || m.Role == ProjectRole.Manager) && ReviewCadenceRule.HasBegunBy(m.Project.Start, period))
            .OrderBy(m => m.Project.Code, StringComparer.OrdinalIgnoreCase)
            .ToList();
        // Each project is looked at on its own: all at once, kept in code order.
        var isDue = await Task.WhenAll(managed.Select(async project =>
        {
            var code = project.Project.Code;
            var full = managerOnly ? register.GetAsync(code, cancellationToken) : null;
            var submitted = IsSubmittedAsync(code, period, cancellationToken);
            var outOfCadence = full is not null && (await full)?.Project is { } stored && !ReviewCadenceRule.IsDue(stored, period);
            return !outOfCadence && !await submitted;
        }));
        return managed.Where((_, i) => isDue[i]).Select(m => m.Project.Code).ToList();
    }

    /// <summary>The review week it is now where the person is.</summary>
    public ReviewPeriod CurrentPeriod(PmoUser caller) => ReviewPeriod.Of(time.GetUtcNow(), UserTimeZones.Resolve(caller.TimeZone));

    /// <summary>The caller's date where they are: hints' example dates are ahead of it.</summary>
    public DateOnly Today(PmoUser caller) => UserTimeZones.DateAt(time.GetUtcNow(), caller.TimeZone);

    public async Task<Project?> ProjectAsync(string code, CancellationToken cancellationToken) =>
        (await register.GetAsync(code, cancellationToken))?.Project;

    /// <summary>Why the person cannot review <paramref name="code"/> (not theirs, or not active); null when they can.</summary>
    public async Task<string?> RefusalAsync(PmoUser caller, string code, CancellationToken cancellationToken)
    {
        var stored = await register.GetAsync(code, cancellationToken);
        if (stored is null || !stored.Project.IsManagedBy(caller.UserKey))
        {
            return ReviewAccess.NotYours(code);
        }

        return stored.Project.Status == ProjectStatus.Active
            ? null
            : $"{stored.Project.Code} is {(stored.Project.Status == ProjectStatus.Closed ? "closed" : "on hold")}, and reviews are for active projects. Ask the PMO to reopen it if it is running again.";
    }

    /// <summary>What to say when nothing is due: all in, only projects that have not started yet, or no active projects at all.</summary>
    public async Task<string> NothingDueTextAsync(PmoUser caller, ReviewPeriod period, CancellationToken cancellationToken)
    {
        var active = (await register.ListManagedAsync(caller.UserKey, cancellationToken)).Where(m => m.Project.Status == ProjectStatus.Active).ToList();
        if (active.Count > 0 && active.All(m => !ReviewCadenceRule.HasBegunBy(m.Project.Start, period)))
        {
            var first = active.Select(m => m.Project).OrderBy(p => p.Start).First();
            var codes = string.Join(", ", active.Select(m => m.Project.Code).Order(ProjectText.CodeOrder));
            return $"Nothing to review in week {period}: {codes} {(active.Count == 1 ? "has" : "have")} not started yet. "
                + $"{first.Code} starts on {DateText.Display(first.Start!.Value)}, and its first weekly review is in week {ReviewCadenceRule.FirstWeek(first.Start.Value)}.";
        }

        return active.Count > 0
            ? $"All your reviews for week {period} are in. Thank you! To correct one, type **review** and its code."
            : "You have no active projects to review. The PMO registers projects and their PMs; type **projects** to see yours.";
    }

    /// <summary>The session with the template version it answers (the current one if that version is unknown).</summary>
    public async Task<(ReviewSession Session, ReviewTemplate Template)> TemplateOfAsync(ReviewSession session, CancellationToken cancellationToken) =>
        (session, await templates.GetAsync(session.TemplateVersion, session.ProjectCode, cancellationToken) ?? await templates.GetCurrentAsync(session.ProjectCode, cancellationToken));

    /// <summary>
    /// A project's review not begun yet (queued behind another, or opened and not answered) takes the questionnaire the
    /// PMO published since it was queued, so a new question reaches this week's reviews and not only next week's. A
    /// review with an answer keeps the version its answers belong to. <paramref name="shownQuestion"/> is the id of the
    /// question the PM sees and is answering: the newer version is taken only if it asks the same question first.
    /// </summary>
    /// <returns>The session (re-pinned when <c>Upgraded</c>; the caller saves it under its ETag) and its questionnaire.</returns>
    public async Task<(ReviewSession Session, ReviewTemplate Template, bool Upgraded)> NewestIfNotBegunAsync(
        ReviewSession session, ReviewTemplate pinned, CancellationToken cancellationToken, string? shownQuestion = null)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(pinned);
        if (session.Answers.Count > 0 || session.Stage != ReviewStage.Answering || session.Step != 0 || session.Correcting)
        {
            return (session, pinned, false);
        }

        var current = await templates.GetCurrentAsync(session.ProjectCode, cancellationToken);
        if (current.Version <= pinned.Version || current.Questions.Count == 0
            || (shownQuestion is not null && current.Questions[0].Id != shownQuestion))
        {
            return (session, pinned, false);
        }

        return (session with { TemplateVersion = current.Version, UpdatedAt = time.GetUtcNow() }, current, true);
    }

    /// <summary>The sentence that tells a PM their review now asks the questionnaire published since it was queued.</summary>
    public static string NewerQuestionnaireNote(ReviewTemplate template) =>
        $"The PMO published a new questionnaire (version {template.Version}, {template.Questions.Count} questions) since this review was queued, so it asks that one.";

    /// <summary>
    /// The last submitted review: its answers are the defaults a PM keeps with <c>same</c> and the form starts from.
    /// When it is the period's own, reviewing the project again corrects it.
    /// </summary>
    public Task<ReviewRecord?> LastSubmittedAsync(string code, CancellationToken cancellationToken) =>
        history.LastSubmittedAsync(code, cancellationToken);

    public async Task<bool> IsSubmittedAsync(string code, ReviewPeriod period, CancellationToken cancellationToken) =>
        await history.GetAsync(code, period, cancellationToken) is { Outcome: ReviewOutcome.Submitted };

    /// <summary>
    /// A session for the first of <paramref name="codes"/> that is still an active project (and, with
    /// <paramref name="skipSubmitted"/>, not yet submitted for the period, e.g. through the form meanwhile), the rest
    /// queued after it; null when none is.
    /// </summary>
    public async Task<(ReviewSession Session, ReviewTemplate Template)?> NewSessionAsync(string userKey, IReadOnlyList<string> codes, ReviewPeriod period, bool skipSubmitted, CancellationToken cancellationToken)
    {
        if (codes.Count == 0)
        {
            return null;
        }

        // The current template is the same for every code: read once, beside the first code's reads.
        var currentTemplate = templates.GetCurrentAsync(cancellationToken);
        for (var i = 0; i < codes.Count; i++)
        {
            // The project, whether it is in already and last week's answers are read side by side: the first code is
            // nearly always the one, and a skipped one costs two reads that were not needed.
            var reading = register.GetAsync(codes[i], cancellationToken);
            var submitted = skipSubmitted ? IsSubmittedAsync(codes[i], period, cancellationToken) : Task.FromResult(false);
            var lastReview = LastSubmittedAsync(codes[i], cancellationToken);
            await Task.WhenAll(reading, submitted, lastReview, currentTemplate);
            var stored = await reading;
            if (stored is null || stored.Project.Status != ProjectStatus.Active || await submitted)
            {
                continue;
            }

            var project = stored.Project;
            var template = (await currentTemplate).ForStage(project.Stage);
            var last = await lastReview;
            var now = time.GetUtcNow();
            var session = new ReviewSession(
                userKey,
                Guid.NewGuid().ToString("N"),
                project.Code,
                project.Name,
                project.Currency,
                period,
                template.Version,
                ReviewStage.Answering,
                0,
                false,
                false,
                ReviewAnswers.Empty,
                last?.Answers ?? ReviewAnswers.Empty,
                codes.Skip(i + 1).ToList(),
                now,
                now,
                Correcting: last?.Period == period);
            return (session, template);
        }

        return null;
    }
}
