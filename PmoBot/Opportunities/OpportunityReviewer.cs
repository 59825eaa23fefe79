using System.Globalization;
using Microsoft.Extensions.Options;
using PmoBot.Commands;
using PmoBot.Conversations;
using PmoBot.People;
using PmoBot.Reviews;
using PmoBot.Reviews.CheckIn;
using PmoBot.Reviews.Templates;

namespace PmoBot.Opportunities;

/// <summary>
/// Opens and records delivery-risk reviews. In personal chat a review is asked one question at a time with the weekly
/// review's machinery (<see cref="ReviewDialog"/>, <see cref="ReviewPrompts"/>, a <see cref="ReviewSession"/> per person);
/// elsewhere, or on "Use a form", the whole questionnaire is one card. Either way the answers are read by the same parser
/// and recorded once under the run's id, with the questionnaire version, the stage and the scorecard.
/// </summary>
public sealed partial class OpportunityReviewer(
    OpportunityRegister register,
    OpportunityReviewStore reviews,
    OpportunityTemplates questionnaire,
    OpportunityAccess access,
    OpportunityLessons lessons,
    ReviewSessionStore projectReviews,
    PeopleDirectory people,
    IOptions<OpportunitiesOptions> options,
    TimeProvider time,
    ILogger<OpportunityReviewer> logger)
{
    /// <summary>The longest reason a leader's override is kept with: a sentence or two, shown on every result card after it.</summary>
    public const int MaxOverrideReason = 500;

    public ReviewTemplateStore Templates => questionnaire.Templates;

    public ReviewSessionStore Sessions => questionnaire.Sessions;

    /// <summary>The opportunity the caller may review, or the answer that says why not.</summary>
    public async Task<(StoredOpportunity? Opportunity, Reply? Refusal)> ReviewableAsync(PmoUser caller, string code, CancellationToken cancellationToken)
    {
        var view = access.ViewOf(caller);
        var stored = await register.GetAsync(code, cancellationToken);
        if (stored is null || !view.CanSee(stored.Opportunity))
        {
            return (null, Reply.Message(view.NotVisible(code)));
        }

        var o = stored.Opportunity;
        if (!OpportunityAccess.CanReview(caller, o))
        {
            return (null, Reply.Message($"The delivery-risk review of {o.Code} is for its sales owner ({o.SalesOwner.Name}), its proposed PM and the PMO. Type **opportunity {o.Code}** to see its latest result."));
        }

        return o.IsClosed
            ? (null, Reply.Message($"{o.Code} is closed ({EnumText.Describe(o.Stage).ToLowerInvariant()}), so there is nothing left to review. Type **opportunity {o.Code}** for its card."))
            : (stored, null);
    }

    public async Task<Reply> StartAsync(CommandRequest request, string code, CancellationToken cancellationToken)
    {
        var (stored, refusal) = await ReviewableAsync(request.Caller, code, cancellationToken);
        if (stored is null)
        {
            return refusal!;
        }

        var o = stored.Opportunity;
        var culture = ChatCulture.From(request.Locale);
        var today = UserTimeZones.DateAt(time.GetUtcNow(), request.Caller.TimeZone);
        var template = await Templates.GetCurrentAsync(cancellationToken);
        if (request.Conversation != ConversationKind.Personal)
        {
            return Reply.WithCard(OpportunityReviewCards.Form(o, template, Guid.NewGuid().ToString("N"), ReviewAnswers.Empty, today), $"The delivery-risk review of {o.Code}: answer it on the card (in personal chat I can also ask one question at a time).");
        }

        if (await projectReviews.GetAsync(request.Caller.UserKey, cancellationToken) is { Session.Paused: false } weekly)
        {
            return Reply.Message($"You are in the middle of the weekly review of {weekly.Session.ProjectCode}. Type **pause** there (or finish it), then **opportunity review {o.Code}** again.");
        }

        var open = await Sessions.GetAsync(request.Caller.UserKey, cancellationToken);
        if (open is { Session.Submitted: false })
        {
            if (!string.Equals(open.Session.ProjectCode, o.Code, StringComparison.OrdinalIgnoreCase))
            {
                return Reply.Message($"You have the review of {open.Session.ProjectCode} open. Finish it, or type **cancel** in it, before starting {o.Code}.{(open.Session.Paused ? $" Type **opportunity review {open.Session.ProjectCode}** to go back to it." : string.Empty)}");
            }

            var resumed = open.Session with { Paused = false, UpdatedAt = time.GetUtcNow() };
            var version = await Templates.GetAsync(resumed.TemplateVersion, cancellationToken) ?? template;
            return await Sessions.TrySaveAsync(resumed, open.ETag, cancellationToken)
                ? Show(resumed, version, culture, today, "Here is where your review stands.")
                : Reply.Message("Your review changed in another window meanwhile; type the command again.");
        }

        var now = time.GetUtcNow();
        var session = new ReviewSession(
            request.Caller.UserKey,
            Guid.NewGuid().ToString("N"),
            o.Code,
            o.Name,
            o.Currency,
            // The reviewer's week, as the weekly review's sessions are: on a Sunday evening in Los Angeles it is still that week.
            ReviewPeriod.Of(UserTimeZones.DateAt(now, request.Caller.TimeZone)),
            template.Version,
            ReviewStage.Answering,
            0,
            false,
            false,
            ReviewAnswers.Empty,
            ReviewAnswers.Empty,
            [],
            now,
            now);
        if (!await Sessions.TrySaveAsync(session, open?.ETag, cancellationToken))
        {
            return Reply.Message("A review was opened for you in another window meanwhile; type the command again to see it.");
        }

        var previous = o.LatestReview is { } headline ? $" The last review, at {EnumText.Describe(headline.Stage)}, scored {OpportunityText.Score(headline.Score)} ({OpportunityText.Describe(headline.Band)}); the result will show what changed." : string.Empty;
        return ReviewPrompts.Question(
            session,
            template,
            culture,
            today,
            $"The delivery-risk review of **{o.Code} · {o.Name}** ({o.Account}, {OpportunityText.Money(o)}), questionnaire v{template.Version}: deal-killers first, then {OpportunityQuestionnaire.Dimensions(template).Count()} dimensions scored 1 to 5.{previous} Type **help** for the words that steer it, **pause** to stop for now.");
    }

    /// <summary>Where a chat review stands: its question, or the summary with a Submit button.</summary>
    public static Reply Show(ReviewSession session, ReviewTemplate template, CultureInfo culture, DateOnly today, string? note = null) =>
        session.Stage == ReviewStage.Summary
            ? Reply.WithCard(OpportunityReviewCards.Summary(session, template, culture, note), $"Your review of {session.ProjectCode} is ready to submit.")
            : ReviewPrompts.Question(session, template, culture, today, note);

    /// <summary>Records the review (once per <paramref name="reviewId"/>), makes it the opportunity's latest, and answers with the result card.</summary>
    public async Task<Reply> SubmitAsync(PmoUser caller, string code, int templateVersion, ReviewAnswers answers, string reviewId, CancellationToken cancellationToken)
    {
        var (stored, refusal) = await ReviewableAsync(caller, code, cancellationToken);
        var already = await reviews.GetAsync(code, reviewId, cancellationToken);
        if (already is not null)
        {
            return await ResultAsync(caller, code, already, "This review was already submitted; nothing changed.", cancellationToken);
        }

        if (stored is null)
        {
            return refusal!;
        }

        var template = await Templates.GetAsync(templateVersion, cancellationToken)
            ?? throw new InvalidOperationException($"Opportunity questionnaire version {templateVersion} is not stored.");
        var card = Scorecard.Of(template, answers, options.Value.Thresholds);
        var review = new OpportunityReview(stored.Opportunity.Code, reviewId, stored.Opportunity.Stage, template.Version, answers, card.Score, card.ScoreBand, card.DealKillers, null, caller.UserKey, caller.Name, time.GetUtcNow());
        await reviews.AddAsync(review, cancellationToken);
        await register.ChangeAsync(
            code,
            current => current is null || (current.Opportunity.LatestReview is { } latest && latest.At > review.At)
                ? new OpportunitySaveResult.NotFound(code)
                : current.Opportunity with { LatestReview = review.Headline },
            caller.Name,
            cancellationToken);
        LogReviewed(review.OpportunityCode, review.Score, review.Band, caller.UserKey);
        return await ResultAsync(caller, code, review, null, cancellationToken);
    }

    /// <summary>The result card of <paramref name="review"/> (the latest when null): score, band, conditions, risks, lessons, and what changed since the review before.</summary>
    public async Task<Reply> ResultAsync(PmoUser caller, string code, OpportunityReview? review, string? note, CancellationToken cancellationToken)
    {
        var view = access.ViewOf(caller);
        var stored = await register.GetAsync(code, cancellationToken);
        if (stored is null || !view.CanSee(stored.Opportunity))
        {
            return Reply.Message(view.NotVisible(code));
        }

        var o = stored.Opportunity;
        var history = await reviews.ListAsync(o.Code, cancellationToken);
        review ??= history.Count > 0 ? history[0] : null;
        if (review is null)
        {
            return Reply.Message($"{o.Code} has no delivery-risk review yet. Type **opportunity review {o.Code}** to make one.");
        }

        var template = await Templates.GetAsync(review.TemplateVersion, cancellationToken) ?? await Templates.GetCurrentAsync(cancellationToken);
        var scorecard = Scorecard.Of(template, review.Answers, options.Value.Thresholds);
        var previous = history.Where(r => r.At < review.At).OrderByDescending(r => r.At).FirstOrDefault();
        var previousTemplate = previous is null ? null : await Templates.GetAsync(previous.TemplateVersion, cancellationToken);
        var matched = await lessons.MatchAsync(o, review, scorecard.Dimensions, cancellationToken);
        var plan = matched.SelectMany(m => m.Lesson.ContingencyActions).FirstOrDefault() is { } action ? $"From a past lesson: {action}" : ReviewRiskText.NoPlan;
        var risks = await ReviewRiskText.WithOwnerNamesAsync(review.Risks(o.ProposedPm?.Name ?? o.SalesOwner.Name, plan), people, cancellationToken);
        var card = OpportunityReviewCards.Result(o, review, template, scorecard, risks, matched, previous, previousTemplate, history.Count, caller, note);
        return Reply.WithCard(card, $"{o.Code}: {OpportunityText.Describe(review.Band)}, {OpportunityText.Score(review.Score)}/100.");
    }

    /// <summary>A leader's decision to go on despite the latest review's deal-killers, with their reason.</summary>
    public async Task<Reply> OverrideAsync(PmoUser caller, string code, string? reason, CancellationToken cancellationToken)
    {
        var view = access.ViewOf(caller);
        var stored = await register.GetAsync(code, cancellationToken);
        if (stored is null || !view.CanSee(stored.Opportunity))
        {
            return Reply.Message(view.NotVisible(code));
        }

        if (!caller.Has(Role.Leader))
        {
            return Reply.Message($"Only a leader overrides a deal-killer, and {Roles.YourRoles(caller.Roles)}. Ask the deal's sponsor or a business head. Nothing was changed.");
        }

        var latest = await reviews.GetLatestAsync(stored.Opportunity, cancellationToken);
        if (latest is null || latest.DealKillers.Count == 0)
        {
            return Reply.Message($"{code}'s latest review has no deal-killer answered yes, so there is nothing to override. Nothing was changed.");
        }

        if (!latest.OverrideWouldChangeOutcome && latest.Override is null)
        {
            return Reply.Message($"{code}'s latest review scores {OpportunityText.Score(latest.Score)}/100, a no-go without the deal-killers too, so overriding them would not change the outcome. Review it again once things change. Nothing was changed.");
        }

        var line = (reason ?? string.Empty).ReplaceLineEndings(" ").Trim();
        if (line.Length < 10)
        {
            return Reply.Message($"An override needs its reason, in a sentence the PMO can audit later, e.g. **opportunity override {code} Liability capped by the parent company guarantee**. Nothing was changed.");
        }

        if (line.Length > MaxOverrideReason)
        {
            return Reply.Message($"That reason is {line.Length:N0} characters long; keep it to a sentence or two of at most {MaxOverrideReason} (link the detail). Nothing was changed.");
        }

        if (latest.Override is { } done)
        {
            return await ResultAsync(caller, code, latest, $"{done.LeaderName} already overrode the deal-killers: {done.Reason}. Nothing changed.", cancellationToken);
        }

        var updated = await reviews.SetOverrideAsync(code, latest.Id, new DealKillerOverride(caller.UserKey, caller.Name, line, time.GetUtcNow()), cancellationToken);
        if (updated is null)
        {
            return Reply.Message($"{code}'s review disappeared meanwhile; nothing was changed.");
        }

        await register.ChangeAsync(
            code,
            current => current?.Opportunity.LatestReview?.ReviewId == updated.Id ? current.Opportunity with { LatestReview = updated.Headline } : new OpportunitySaveResult.NotFound(code),
            caller.Name,
            cancellationToken);
        LogOverridden(code, caller.UserKey);
        return await ResultAsync(caller, code, updated, $"Deal-killers overridden by {caller.Name}: the decision now follows the score.", cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Opportunity {Code} reviewed: {Score} {Band} by {UserKey}")]
    private partial void LogReviewed(string code, decimal score, Band band, string userKey);

    [LoggerMessage(Level = LogLevel.Information, Message = "Opportunity {Code}: deal-killers overridden by {UserKey}")]
    private partial void LogOverridden(string code, string userKey);
}
