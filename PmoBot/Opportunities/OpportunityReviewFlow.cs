using PmoBot.Commands;
using PmoBot.Reviews.CheckIn;
using PmoBot.Reviews.Templates;

namespace PmoBot.Opportunities;

/// <summary>
/// A delivery-risk review answered in personal chat: while it is open (and not paused), what the person types is an
/// answer or one of the review's words, read by the weekly review's <see cref="ReviewDialog"/>; the session is stored
/// with its ETag after every message, so a restart or a second window loses and doubles nothing.
/// </summary>
public sealed class OpportunityReviewFlow(OpportunityReviewer reviewer, OpportunityRegister register, TimeProvider time) : IConversationFlow
{
    public string Name => "opportunity review answer";

    /// <summary>The open (not paused) session and the questionnaire it answers: two reads, no write.</summary>
    public async Task<OpenConversation?> LoadAsync(string userKey, CancellationToken cancellationToken)
    {
        var stored = await reviewer.Sessions.GetAsync(userKey, cancellationToken);
        if (stored is null || stored.Session.Paused)
        {
            return null;
        }

        var template = await reviewer.Templates.GetAsync(stored.Session.TemplateVersion, cancellationToken);
        return new OpenConversation((turn, ct) => ContinueAsync(stored, template, turn, ct));
    }

    private async Task<Reply?> ContinueAsync(StoredReviewSession stored, ReviewTemplate? template, ChatTurn turn, CancellationToken cancellationToken)
    {
        var sessions = reviewer.Sessions;
        var culture = ChatCulture.From(turn.Locale);
        var session = stored.Session;
        if (template is null)
        {
            await sessions.TryDeleteAsync(turn.Caller.UserKey, stored.ETag, cancellationToken);
            return Reply.Message($"The questionnaire your review of {session.ProjectCode} was using is gone, so I closed the review. Type **opportunity review {session.ProjectCode}** to start again.");
        }

        var step = ReviewDialog.Handle(session, template, turn.Text, culture, time.GetUtcNow(), turn.IsCommand);
        switch (step.Outcome)
        {
            case DialogOutcome.NotAnAnswer:
                return null;
            case DialogOutcome.OpenForm:
                var opportunity = await register.GetAsync(session.ProjectCode, cancellationToken);
                return opportunity is null
                    ? Reply.Message($"{session.ProjectCode} no longer exists; type **cancel** to close this review.")
                    : Reply.WithCard(OpportunityReviewCards.Form(opportunity.Opportunity, template, session.SessionId, session.Answers), "Here is the whole review on one card; what you answered so far is filled in.");
            case DialogOutcome.Submit:
                var missing = ReviewDialog.FirstMissingRequired(session, template);
                if (missing >= 0)
                {
                    var back = session with { Stage = ReviewStage.Answering, Step = missing, ReturnToSummary = true };
                    await sessions.TrySaveAsync(back, stored.ETag, cancellationToken);
                    return OpportunityReviewer.Show(back, template, culture, "One required question has no answer yet:");
                }

                var result = await reviewer.SubmitAsync(turn.Caller, session.ProjectCode, session.TemplateVersion, session.Answers, session.SessionId, cancellationToken);
                await sessions.TryDeleteAsync(turn.Caller.UserKey, stored.ETag, cancellationToken);
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
            ? Reply.Message($"Paused your review of **{session.ProjectCode}** at question {session.Step + 1} of {template.Questions.Count}. Your answers are kept; type **opportunity review {session.ProjectCode}** to go on.")
            : OpportunityReviewer.Show(step.Session, template, culture, step.Note);
    }
}
