using PmoBot.Commands;
using PmoBot.People;
using PmoBot.Projects;
using PmoBot.Reviews.History;
using PmoBot.Reviews.Templates;

namespace PmoBot.Reviews.CheckIn;

/// <summary>The summary card's Submit button. A second click finds the review already recorded under the same id and changes nothing.</summary>
public sealed class ReviewSubmitCardAction(ReviewSessionStore sessions, ReviewTemplateStore templates, ReviewSubmitter submitter, ReviewHistory history, TimeProvider time) : ICardActionHandler
{
    public string Verb => ReviewCards.SubmitVerb;

    public IReadOnlySet<Role> AllowedRoles => ProjectAccess.AnyRole;

    public async Task<Reply> HandleAsync(CardActionRequest request, CancellationToken cancellationToken)
    {
        var sessionId = request.Field(ReviewCards.SessionField);
        var code = request.Field(ReviewCards.ProjectField);
        if (sessionId is null || code is null || !ReviewPeriod.TryParse(request.Field(ReviewCards.PeriodField), out var period))
        {
            return Reply.Message("That Submit button did not say which review it was for, so nothing was submitted. Type **resume** to see your review.");
        }

        var culture = ChatCulture.From(request.Locale);
        var stored = await sessions.GetAsync(request.Caller.UserKey, cancellationToken);
        if (stored?.Session.SessionId == sessionId)
        {
            var session = stored.Session;
            var template = await templates.GetAsync(session.TemplateVersion, session.ProjectCode, cancellationToken) ?? await templates.GetCurrentAsync(session.ProjectCode, cancellationToken);
            var missing = ReviewDialog.FirstMissingRequired(session, template);
            if (missing >= 0)
            {
                var back = session with { Stage = ReviewStage.Answering, Step = missing, ReturnToSummary = true, Paused = false };
                await sessions.TrySaveAsync(back, stored.ETag, cancellationToken);
                return Reply.WithCard(ReviewCards.Question(back, template, culture, UserTimeZones.DateAt(time.GetUtcNow(), request.Caller.TimeZone), "One required question has no answer yet:"));
            }

            return await submitter.SubmitAsync(new FinishedReview(session.ProjectCode, session.Period, session.TemplateVersion, session.Answers, sessionId), request.Caller, culture, cancellationToken, stored);
        }

        var recorded = await history.GetAsync(code, period, cancellationToken);
        return recorded?.SubmissionId == sessionId
            ? Reply.Message($"Your review of {code} for week {period} was already submitted on {UserTimeZones.Stamp(recorded!.RecordedAt, request.Caller.TimeZone)}; nothing changed.")
            : Reply.Message($"That review of {code} is no longer open (it was cancelled or started again), so nothing was submitted. Type **review {code}** to answer it.");
    }
}

/// <summary>The summary card's "Change an answer": back to that question, then straight back to the summary.</summary>
public sealed class ReviewEditCardAction(ReviewSessionStore sessions, ReviewTemplateStore templates, TimeProvider time) : ICardActionHandler
{
    public string Verb => ReviewCards.EditVerb;

    public IReadOnlySet<Role> AllowedRoles => ProjectAccess.AnyRole;

    public async Task<Reply> HandleAsync(CardActionRequest request, CancellationToken cancellationToken)
    {
        var stored = await sessions.GetAsync(request.Caller.UserKey, cancellationToken);
        if (stored is null || stored.Session.SessionId != request.Field(ReviewCards.SessionField))
        {
            return Reply.Message("That review is no longer open, so there is nothing to change. Type **review** to see what is left.");
        }

        var template = await templates.GetAsync(stored.Session.TemplateVersion, stored.Session.ProjectCode, cancellationToken) ?? await templates.GetCurrentAsync(stored.Session.ProjectCode, cancellationToken);
        var index = template.IndexOf(request.Field(ReviewCards.QuestionField) ?? string.Empty);
        if (index < 0)
        {
            return Reply.WithCard(ReviewCards.Summary(stored.Session, template, ChatCulture.From(request.Locale), "Pick the answer to change from the list, then Change it."));
        }

        var editing = stored.Session with { Stage = ReviewStage.Answering, Step = index, ReturnToSummary = true, Paused = false };
        return await sessions.TrySaveAsync(editing, stored.ETag, cancellationToken)
            ? Reply.WithCard(ReviewCards.Question(editing, template, ChatCulture.From(request.Locale), UserTimeZones.DateAt(time.GetUtcNow(), request.Caller.TimeZone)))
            : Reply.Message("Your review changed in another window meanwhile, so nothing was changed. Type **resume** to see where it stands.");
    }
}

/// <summary>
/// The review form's Submit: every answer read as in chat; a form with problems comes back with each one marked. The
/// week comes from the card, so it is checked against the weeks a form can be for: a card whose data was altered
/// must not write a review into a week nobody asked for (a future week, or one of last year's).
/// </summary>
public sealed class ReviewFormSubmitCardAction(ReviewTemplateStore templates, ProjectRegister register, ReviewSubmitter submitter, TimeProvider time, ReviewSessionStore sessions, ReviewHistory history, ReviewStarter starter) : ICardActionHandler
{
    public string Verb => ReviewForm.SubmitVerb;

    public IReadOnlySet<Role> AllowedRoles => ProjectAccess.AnyRole;

    public async Task<Reply> HandleAsync(CardActionRequest request, CancellationToken cancellationToken)
    {
        var code = request.Field(ReviewCards.ProjectField);
        var formId = request.Field(ReviewForm.FormField);
        if (code is null || formId is null || !ReviewPeriod.TryParse(request.Field(ReviewCards.PeriodField), out var period)
            || !int.TryParse(request.Field(ReviewForm.VersionField), out var version))
        {
            return Reply.Message("That form did not say which review it was for, so nothing was submitted. Type **review form** for a fresh one.");
        }

        var stored = await register.GetAsync(code, cancellationToken);
        if (stored is null || !stored.Project.IsManagedBy(request.Caller.UserKey))
        {
            return Reply.Message(ReviewAccess.NotYours(code));
        }

        if (await WeekRefusalAsync(request.Caller, stored.Project.Code, period, formId, cancellationToken) is { } refusal)
        {
            return Reply.Message(refusal);
        }

        var template = (await templates.GetAsync(version, cancellationToken) ?? await templates.GetCurrentAsync(cancellationToken)).ForStage(stored.Project.Stage);
        var culture = ChatCulture.From(request.Locale);
        var today = UserTimeZones.DateAt(time.GetUtcNow(), request.Caller.TimeZone);
        var (answers, errors, typed) = ReviewForm.Read(request, template, culture, today);
        if (errors.Count > 0)
        {
            var target = new ReviewFormTarget(code, stored.Project.Name, stored.Project.Currency, period, template.Version, formId);
            return Reply.WithCard(ReviewForm.Card(target, template, answers, culture, today, ReviewForm.TypedIntro, errors, typed), "Some answers need a look; nothing was submitted.");
        }

        return await submitter.SubmitAsync(new FinishedReview(code, period, template.Version, answers, formId), request.Caller, culture, cancellationToken);
    }

    /// <summary>
    /// Why a form cannot be submitted for <paramref name="period"/>, or null when it can. A form is opened for the
    /// caller's week (in their time zone), or for the week of the chat review it continues. It may be submitted for
    /// this week or last week (a form opened before the week turned), for the chat review's own week, or for a week
    /// whose review was missed or skipped for leave (a late review); never for a week not begun.
    /// </summary>
    private async Task<string?> WeekRefusalAsync(PmoUser caller, string code, ReviewPeriod period, string formId, CancellationToken cancellationToken)
    {
        var current = starter.CurrentPeriod(caller);
        if (period > current)
        {
            return $"That form is for week {period}, which has not begun (this week is {current}), so nothing was submitted. Type **review form {code}** for this week's form.";
        }

        if (period >= current.Previous)
        {
            return null;
        }

        var session = sessions.GetAsync(caller.UserKey, cancellationToken);
        var recorded = history.GetAsync(code, period, cancellationToken);
        if ((await session)?.Session is { } open && open.SessionId == formId && open.Period == period && string.Equals(open.ProjectCode, code, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return await recorded is { IsMissed: true } or { IsOnLeave: true }
            ? null
            : $"That form is for week {period}, which is past and has no missed review of {code} to make up, so nothing was submitted. A form can be submitted for this week ({current}), last week, or a week whose review was missed. Type **review form {code}** for this week's form.";
    }
}
