using System.Text.Json.Nodes;
using PmoBot.Alerts;
using PmoBot.Cards;
using PmoBot.Commands;
using PmoBot.Lessons;
using PmoBot.People;
using PmoBot.Projects;

namespace PmoBot.Opportunities;

/// <summary>
/// Closes a deal as lost or withdrawn with a one-line reason, and hands the reason to the PMO as a lesson candidate
/// (through the outbox, once per deal): a card with the lesson form filled in, to record or ignore.
/// </summary>
public sealed class OpportunityCloser(OpportunityRegister register, OpportunityReviewStore reviews, OpportunityAccess access, PmoNotifier pmo)
{
    public const int MaxReason = 300;

    public static string LessonCandidateKey(string code) => $"opportunity-lesson|{ProjectText.NormalizeCode(code)}";

    public async Task<Reply> CloseAsync(PmoUser caller, string code, OpportunityStage outcome, string? reason, CancellationToken cancellationToken)
    {
        var view = access.ViewOf(caller);
        var stored = await register.GetAsync(code, cancellationToken);
        if (stored is null || !view.CanSee(stored.Opportunity))
        {
            return Reply.Message(view.NotVisible(code));
        }

        var word = outcome.ToString().ToLowerInvariant();
        if (!OpportunityAccess.CanChange(caller, stored.Opportunity))
        {
            return Reply.Message($"{code} is {stored.Opportunity.SalesOwner.Name}'s deal: only its sales owner and the PMO close it. Nothing was changed.");
        }

        var line = (reason ?? string.Empty).ReplaceLineEndings(" ").Trim();
        if (line.Length == 0)
        {
            return Reply.Message($"Say why in one line, e.g. **opportunity {word} {code} Price 20% above the winner**. The reason becomes a lesson candidate for the PMO. Nothing was changed.");
        }

        if (line.Length > MaxReason)
        {
            return Reply.Message($"That reason is {line.Length} characters long; keep it to one line of at most {MaxReason}. Nothing was changed.");
        }

        var result = await register.ChangeAsync(
            code,
            current => current switch
            {
                null => new OpportunitySaveResult.NotFound(code),
                { Opportunity.Stage: var stage } when stage == outcome && current.Opportunity.StageReason == line => new OpportunitySaveResult.Unchanged(current),
                { Opportunity.IsClosed: true } => new OpportunitySaveResult.Refused(current, $"{code} was already closed as {EnumText.Describe(current.Opportunity.Stage).ToLowerInvariant()}{OpportunityCards.ClosedWhen(current, caller)}; nothing was changed."),
                _ => current.Opportunity with { Stage = outcome, StageReason = line },
            },
            caller.Name,
            cancellationToken);
        switch (result)
        {
            // Closed already (a second close, or the close form of a card shown before): the card as it is now, saying so.
            case OpportunitySaveResult.Refused refused:
                return OpportunityCards.Outdated(refused.Current, caller, await reviews.GetLatestAsync(refused.Current.Opportunity, cancellationToken), refused.Reason);
            case OpportunitySaveResult.Unchanged unchanged:
                return OpportunityCards.Outdated(
                    unchanged.Opportunity,
                    caller,
                    await reviews.GetLatestAsync(unchanged.Opportunity.Opportunity, cancellationToken),
                    $"{code} is already {word}{OpportunityCards.ClosedWhen(unchanged.Opportunity, caller)}; nothing changed.");
            case OpportunitySaveResult.Saved saved:
                var notice = await pmo.PostAsync(LessonCandidateKey(code), $"Lesson candidate: {code} was {word}.", LessonCandidate(saved.Opportunity.Opportunity), cancellationToken);
                return Reply.WithCard(
                    OpportunityCards.Card(saved.Opportunity, caller, await reviews.GetLatestAsync(saved.Opportunity.Opportunity, cancellationToken), $"Closed {code} as {word}. The reason went to the PMO as a lesson candidate ({notice.Where})."),
                    $"{code} is {word}.");
            default:
                return Reply.Message(view.NotVisible(code));
        }
    }

    /// <summary>The PMO's card: what happened, and the lesson form filled in from it.</summary>
    public static JsonObject LessonCandidate(Opportunity o)
    {
        var form = LessonCards.Form(LessonInput.Blank with
        {
            Title = $"{o.Account}: {o.Name} {o.Stage.ToString().ToLowerInvariant()}",
            WhatHappened = $"{o.Code} ({OpportunityText.Describe(o.ContractType)}, {OpportunityText.Money(o)}, {o.BusinessUnit}) was {o.Stage.ToString().ToLowerInvariant()}: {o.StageReason}",
            Category = LessonCategories.Stakeholder,
        });
        form.Remove("$schema");
        form.Remove("msteams");
        return AdaptiveCard.Create(
            [
                AdaptiveCard.Heading($"Lesson candidate · {o.Code} {EnumText.Describe(o.Stage).ToLowerInvariant()}"),
                AdaptiveCard.Text($"{o.Account} · {o.Name} · {OpportunityText.Money(o)} · sales owner {o.SalesOwner.Name}", subtle: true),
                AdaptiveCard.Text($"Why: {o.StageReason}"),
                AdaptiveCard.Text("If it teaches something for future deals, record it as a lesson: the next reviews of similar deals will show it.", subtle: true),
            ],
            [AdaptiveCard.ShowCard("Record it as a lesson", form)]);
    }
}

/// <summary>The "Lost or withdrawn" button of the opportunity card.</summary>
public sealed class OpportunityCloseCardAction(OpportunityCloser closer) : ICardActionHandler
{
    public string Verb => OpportunityCards.CloseVerb;

    public IReadOnlySet<Role> AllowedRoles => ProjectAccess.AnyRole;

    public Task<Reply> HandleAsync(CardActionRequest request, CancellationToken cancellationToken)
    {
        if (request.Field(OpportunityCards.CodeField) is not { } code)
        {
            return Task.FromResult(OpportunityCards.ButtonWithoutCode);
        }

        var outcome = EnumText.TryParse<OpportunityStage>(request.Field(OpportunityCards.OutcomeField), out var stage) && stage is OpportunityStage.Lost or OpportunityStage.Withdrawn
            ? stage
            : OpportunityStage.Lost;
        return closer.CloseAsync(request.Caller, code, outcome, request.Field(OpportunityCards.ReasonField), cancellationToken);
    }
}
