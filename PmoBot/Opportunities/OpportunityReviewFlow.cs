using System.Globalization;
using PmoBot.Commands;
using PmoBot.People;
using PmoBot.Reviews.CheckIn;
using PmoBot.Reviews.Templates;

namespace PmoBot.Opportunities;

/// <summary>
/// A delivery-risk review answered in personal chat: while it is open (and not paused), what the person types is an
/// answer or one of the review's words, read by the weekly review's <see cref="ReviewDialog"/>; the session is stored
/// with its ETag after every message, so a restart or a second window loses and doubles nothing. Paused, it hears only
/// <c>resume</c> (as a paused weekly review does); submitted, it is kept only to answer a second <c>submit</c>.
/// </summary>
public sealed class OpportunityReviewFlow(OpportunityReviewer reviewer, OpportunityRegister register, ReviewSessionStore weeklySessions, TimeProvider time) : IConversationFlow
{
    public string Name => "opportunity review answer";

    /// <summary>The session (open, paused or submitted) and the questionnaire it answers: two reads, no write.</summary>
    public async Task<OpenConversation?> LoadAsync(string userKey, CancellationToken cancellationToken)
    {
        var stored = await reviewer.Sessions.GetAsync(userKey, cancellationToken);
        if (stored is null)
        {
            return null;
        }

        if (stored.Session.Submitted)
        {
            return new OpenConversation((turn, ct) => AgainAsync(stored.Session, turn, ct));
        }

        var template = await reviewer.Templates.GetAsync(stored.Session.TemplateVersion, cancellationToken);
        return new OpenConversation((turn, ct) => ContinueAsync(stored, template, turn, ct));
    }

    private async Task<Reply?> ContinueAsync(StoredReviewSession stored, ReviewTemplate? template, ChatTurn turn, CancellationToken cancellationToken)
    {
        var sessions = reviewer.Sessions;
        var culture = ChatCulture.From(turn.Locale);
        var session = stored.Session;
        if (session.Paused && Word(turn) != ReviewCommands.ResumeCommand)
        {
            return null;
        }

        if (template is null)
        {
            await sessions.TryDeleteAsync(turn.Caller.UserKey, stored.ETag, cancellationToken);
            return Reply.Message($"The questionnaire your review of {session.ProjectCode} was using is gone, so I closed the review. Type **opportunity review {session.ProjectCode}** to start again.");
        }

        if (session.Paused)
        {
            return await ResumeAsync(stored, template, turn, culture, cancellationToken);
        }

        var now = time.GetUtcNow();
        var today = UserTimeZones.DateAt(now, turn.Caller.TimeZone);
        var step = ReviewDialog.Handle(session, template, turn.Text, culture, now, today, turn.IsCommand);
        switch (step.Outcome)
        {
            case DialogOutcome.NotAnAnswer:
                return null;
            case DialogOutcome.OpenForm:
                var opportunity = await register.GetAsync(session.ProjectCode, cancellationToken);
                return opportunity is null
                    ? Reply.Message($"{session.ProjectCode} no longer exists; type **cancel** to close this review.")
                    : Reply.WithCard(OpportunityReviewCards.Form(opportunity.Opportunity, template, session.SessionId, session.Answers, today), "Here is the whole review on one card; what you answered so far is filled in.");
            case DialogOutcome.Submit:
                var missing = ReviewDialog.FirstMissingRequired(session, template);
                if (missing >= 0)
                {
                    var back = session with { Stage = ReviewStage.Answering, Step = missing, ReturnToSummary = true };
                    await sessions.TrySaveAsync(back, stored.ETag, cancellationToken);
                    return OpportunityReviewer.Show(back, template, culture, today, "One required question has no answer yet:");
                }

                var result = await reviewer.SubmitAsync(turn.Caller, session.ProjectCode, session.TemplateVersion, session.Answers, session.SessionId, cancellationToken);
                await sessions.TrySaveAsync(session with { Submitted = true, UpdatedAt = time.GetUtcNow() }, stored.ETag, cancellationToken);
                return result;
            case DialogOutcome.Cancel:
                return await sessions.TryDeleteAsync(turn.Caller.UserKey, stored.ETag, cancellationToken)
                    ? Reply.Message($"Cancelled your review of **{session.ProjectCode}**; nothing was saved. Type **opportunity review {session.ProjectCode}** to start again.")
                    : Reply.Message("Your review changed in another window meanwhile, so that message changed nothing.");
        }

        if (!await sessions.TrySaveAsync(step.Session, stored.ETag, cancellationToken))
        {
            return Reply.Message("Your review changed in another window meanwhile, so that message changed nothing. Type **opportunity review " + session.ProjectCode + "** to see where it stands.");
        }

        return step.Outcome == DialogOutcome.Pause
            ? Reply.Message($"Paused your review of **{session.ProjectCode}** at question {session.Step + 1} of {template.Questions.Count}. Your answers are kept; type **resume** (or **opportunity review {session.ProjectCode}**) to go on.")
            : OpportunityReviewer.Show(step.Session, template, culture, today, step.Note);
    }

    private static string Word(ChatTurn turn) => CommandText.Normalize(turn.Text).ToLowerInvariant();

    /// <summary>
    /// <c>resume</c> with this review paused: it goes on, unless the weekly review was paused after it (that one is
    /// then the review the person means, and the weekly <c>resume</c> command takes it).
    /// </summary>
    private async Task<Reply?> ResumeAsync(StoredReviewSession stored, ReviewTemplate template, ChatTurn turn, CultureInfo culture, CancellationToken cancellationToken)
    {
        if (await weeklySessions.GetAsync(turn.Caller.UserKey, cancellationToken) is { } weekly && weekly.Session.UpdatedAt > stored.Session.UpdatedAt)
        {
            return null;
        }

        var resumed = stored.Session with { Paused = false, UpdatedAt = time.GetUtcNow() };
        return await reviewer.Sessions.TrySaveAsync(resumed, stored.ETag, cancellationToken)
            ? OpportunityReviewer.Show(resumed, template, culture, UserTimeZones.DateAt(resumed.UpdatedAt, turn.Caller.TimeZone), $"Back to your review of **{resumed.ProjectCode}**.")
            : Reply.Message("Your review changed in another window meanwhile. Type **resume** again to see where it stands.");
    }

    /// <summary>A submitted review: <c>submit</c> again is told so (the review is stored once); anything else is not for it.</summary>
    private async Task<Reply?> AgainAsync(ReviewSession session, ChatTurn turn, CancellationToken cancellationToken) =>
        Word(turn) is ReviewDialog.SubmitWord or "send" or "done"
            ? await reviewer.SubmitAsync(turn.Caller, session.ProjectCode, session.TemplateVersion, session.Answers, session.SessionId, cancellationToken)
            : null;
}
