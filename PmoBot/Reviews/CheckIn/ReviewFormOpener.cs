using PmoBot.Commands;
using PmoBot.People;
using PmoBot.Reviews.History;
using PmoBot.Reviews.Templates;

namespace PmoBot.Reviews.CheckIn;

/// <summary>
/// Opens the review form: for the project named, or else the one the PM's chat review is on, or else their first
/// review due. The form of the project on screen carries this week's answers so far and last week's for the rest, and
/// submits under the chat review's id, so the chat and the form are one review.
/// </summary>
public sealed class ReviewFormOpener(ReviewSessionStore sessions, ReviewStarter starter, ReviewTemplateStore templates)
{
    public async Task<Reply> OpenAsync(PmoUser caller, string code, string? locale, CancellationToken cancellationToken)
    {
        code = code.Trim();
        var stored = await sessions.GetAsync(caller.UserKey, cancellationToken);
        if (code.Length == 0)
        {
            var period = stored?.Session.Period ?? starter.CurrentPeriod(caller);
            var due = stored is null ? await starter.DueProjectsAsync(caller.UserKey, period, managerOnly: false, cancellationToken) : [];
            code = stored?.Session.ProjectCode ?? (due.Count > 0 ? due[0] : string.Empty);
            if (code.Length == 0)
            {
                return Reply.Message(await starter.NothingDueTextAsync(caller, period, cancellationToken) + " To correct a review, type **review form** and the project code.");
            }
        }
        else if (await starter.RefusalAsync(caller, code, cancellationToken) is { } refusal)
        {
            return Reply.Message(refusal);
        }

        var project = await starter.ProjectAsync(code, cancellationToken);
        if (project is null)
        {
            return Reply.Message(ReviewAccess.NotYours(code));
        }

        var culture = ChatCulture.From(locale);
        if (stored is not null && string.Equals(stored.Session.ProjectCode, project.Code, StringComparison.OrdinalIgnoreCase))
        {
            var pinned = await templates.GetAsync(stored.Session.TemplateVersion, stored.Session.ProjectCode, cancellationToken) ?? await templates.GetCurrentAsync(stored.Session.ProjectCode, cancellationToken);
            var (session, template, upgraded) = await starter.NewestIfNotBegunAsync(stored.Session, pinned, cancellationToken);
            if (upgraded && !await sessions.TrySaveAsync(session, stored.ETag, cancellationToken))
            {
                (session, template, upgraded) = (stored.Session, pinned, false);
            }

            var prefill = ReviewFormPrefill.Of(session, template);
            var target = new ReviewFormTarget(project.Code, project.Name, project.Currency, session.Period, template.Version, session.SessionId);
            var intro = upgraded ? $"{ReviewStarter.NewerQuestionnaireNote(template)} {prefill.Intro}" : prefill.Intro;
            return Reply.WithCard(ReviewForm.Card(target, template, prefill.Values, culture, starter.Today(caller), intro), $"The review of {project.Code} on one card.");
        }

        var current = (await templates.GetCurrentAsync(cancellationToken)).ForStage(project.Stage);
        var week = starter.CurrentPeriod(caller);
        var last = await starter.LastSubmittedAsync(project.Code, cancellationToken);
        var filled = last is not null && last.Period == week
            ? ReviewFormPrefill.FromSubmitted(last, current, UserTimeZones.Resolve(caller.TimeZone))
            : ReviewFormPrefill.FromLastReview(last?.Answers ?? ReviewAnswers.Empty, current);
        var fresh = new ReviewFormTarget(project.Code, project.Name, project.Currency, week, current.Version, Guid.NewGuid().ToString("N"));
        return Reply.WithCard(ReviewForm.Card(fresh, current, filled.Values, culture, starter.Today(caller), filled.Intro), $"The review of {project.Code} on one card.");
    }
}

/// <summary>What a form starts with, and the sentence at its top that says where those answers came from.</summary>
public sealed record ReviewFormPrefill(ReviewAnswers Values, string Intro)
{
    /// <summary>
    /// The chat review's answers so far, then last week's for the questions not reached yet. A question the PM has
    /// passed without an answer was skipped, so it stays empty rather than taking last week's.
    /// </summary>
    public static ReviewFormPrefill Of(ReviewSession session, ReviewTemplate template)
    {
        var values = ReviewAnswers.Empty;
        int thisWeek = 0, lastWeek = 0;
        for (var i = 0; i < template.Questions.Count; i++)
        {
            var id = template.Questions[i].Id;
            var passed = session.Stage == ReviewStage.Summary || i < session.Step;
            if (session.Answers.Text(id) is { } answer)
            {
                values = values.With(id, answer);
                thisWeek++;
            }
            else if (!passed && session.Defaults.Text(id) is { } previous)
            {
                values = values.With(id, previous);
                lastWeek++;
            }
        }

        var intro = (thisWeek, lastWeek) switch
        {
            ( > 0, > 0) => $"Your {Answers(thisWeek)} so far {(thisWeek == 1 ? "is" : "are")} filled in, and {session.DefaultsName} for the rest; change what moved and submit.",
            ( > 0, 0) => $"Your {Answers(thisWeek)} so far {(thisWeek == 1 ? "is" : "are")} filled in; answer the rest and submit.",
            (0, > 0) when session.Correcting => $"The answers you submitted for week {session.Period} are filled in; change what needs correcting and submit, and it replaces the review you submitted.",
            (0, > 0) => "Last week's answers are filled in; change what moved and submit.",
            _ => "There are no earlier answers to fill in: answer each question and submit.",
        };
        return new ReviewFormPrefill(values, intro + StillMissing(values, template));
    }

    /// <summary>Outside the chat review: the last submitted review's answers ("last week's", as the chat calls them).</summary>
    public static ReviewFormPrefill FromLastReview(ReviewAnswers last, ReviewTemplate template)
    {
        var values = ReviewAnswers.From(template.Questions.Where(q => last.Text(q.Id) is not null).Select(q => KeyValuePair.Create(q.Id, last.Text(q.Id)!)));
        var intro = values.Count > 0
            ? "Last week's answers are filled in; change what moved and submit."
            : "There are no earlier answers to fill in: answer each question and submit.";
        return new ReviewFormPrefill(values, intro + StillMissing(values, template));
    }

    /// <summary>Correcting a review already in for the week: its answers, and who sent it when, so nobody replaces it unawares.</summary>
    public static ReviewFormPrefill FromSubmitted(ReviewRecord submitted, ReviewTemplate template, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(submitted);
        var values = ReviewAnswers.From(template.Questions.Where(q => submitted.Answers.Text(q.Id) is not null).Select(q => KeyValuePair.Create(q.Id, submitted.Answers.Text(q.Id)!)));
        return new ReviewFormPrefill(values, ReviewCorrection.Intro(submitted, zone) + " Its answers are filled in; change what needs correcting and submit, and it replaces the one submitted." + StillMissing(values, template));
    }

    private static string Answers(int count) => count == 1 ? "answer" : $"{count} answers";

    private static string StillMissing(ReviewAnswers values, ReviewTemplate template)
    {
        var missing = template.Questions.Count(q => q.Required && values.Text(q.Id) is null);
        return missing == 0 || missing == template.Questions.Count(q => q.Required) ? string.Empty : $" {missing} required {(missing == 1 ? "question still needs" : "questions still need")} an answer.";
    }
}
