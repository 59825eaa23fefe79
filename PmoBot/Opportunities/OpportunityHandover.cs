using System.Globalization;
using System.Text.Json.Nodes;
using PmoBot.Cards;
using PmoBot.Commands;
using PmoBot.Delivery;
using PmoBot.People;
using PmoBot.Projects;
using PmoBot.Reviews.CheckIn;
using PmoBot.Reviews.Schedule;
using PmoBot.Reviews.Templates;
using PmoBot.Risks;

namespace PmoBot.Opportunities;

/// <summary>
/// A won deal handed over to delivery with nothing rediscovered. First the win is claimed: one ETag-guarded write marks
/// the opportunity won and links the project code, so of two people winning the deal at once exactly one goes on and the
/// other is told which project won it. Then, each step safe to repeat, so a retried click (or a crash half way) finishes
/// the same change and doubles nothing: the review's risks go into the project's risk register (ids from the
/// opportunity, so a second add is a no-op), the project is created with what the deal already knows (no project ever
/// lacks its risks), the handover card is queued to the PM's personal chat (outbox key per deal) and the PM's weekly
/// review is scheduled.
/// </summary>
public sealed partial class OpportunityHandover(
    OpportunityRegister register,
    OpportunityReviewStore reviews,
    OpportunityAccess access,
    OpportunityLessons lessons,
    ProjectRegister projects,
    LoggedRiskStore risks,
    Outbox outbox,
    ReviewScheduler scheduler,
    PeopleDirectory people,
    TimeProvider time,
    ILogger<OpportunityHandover> logger)
{
    public const int DefaultDeliveryMonths = 6;

    public static string HandoverKey(string code) => $"opportunity-handover|{ProjectText.NormalizeCode(code)}";

    public async Task<Reply> WinAsync(PmoUser caller, string code, string? projectCode, CancellationToken cancellationToken)
    {
        var view = access.ViewOf(caller);
        var stored = await register.GetAsync(code, cancellationToken);
        if (stored is null || !view.CanSee(stored.Opportunity))
        {
            return Reply.Message(view.NotVisible(code));
        }

        var o = stored.Opportunity;
        if (!OpportunityAccess.CanChange(caller, o))
        {
            return Reply.Message($"{o.Code} is {o.SalesOwner.Name}'s deal: only its sales owner and the PMO mark it won. Nothing was changed.");
        }

        // A win claimed but not finished (a crash after the claim) is finished by the same win again.
        var unfinished = o.Stage == OpportunityStage.Won && o.ProjectCode is { } claimed
            && (string.IsNullOrWhiteSpace(projectCode) || string.Equals(ProjectText.NormalizeCode(projectCode), claimed, StringComparison.OrdinalIgnoreCase))
            && await projects.GetAsync(claimed, cancellationToken) is null;
        if (o.IsClosed && !unfinished)
        {
            return await ClosedAlreadyAsync(stored, caller, cancellationToken);
        }

        var review = await reviews.GetLatestAsync(o, cancellationToken);
        if (review is null)
        {
            return Reply.Message($"{o.Code} has no delivery-risk review: a deal is reviewed before we commit to deliver it. Type **opportunity review {o.Code}** first. Nothing was changed.");
        }

        if (review.Band == Band.NoGo)
        {
            return Reply.Message($"{o.Code}'s latest review is a no-go ({OpportunityText.Score(review.Score)}/100{(review.DealKillers.Count > 0 && review.Override is null ? ", with a deal-killer" : string.Empty)}). Review it again once things change{(review.OverrideWouldChangeOutcome ? ", or ask a leader to override the deal-killer" : string.Empty)}. Nothing was changed.");
        }

        if (o.ProposedPm is not { } pm)
        {
            return Reply.Message($"{o.Code} has no proposed PM, and the project needs one. Name them with **opportunity edit {o.Code}**, then mark it won. Nothing was changed.");
        }

        var target = ProjectText.NormalizeCode(unfinished ? o.ProjectCode! : string.IsNullOrWhiteSpace(projectCode) ? o.Code : projectCode);
        if (!ProjectText.IsCode(target))
        {
            return Reply.Message($"\"{projectCode}\" is not a project code: letters and digits, a dash and a number, like {ProjectText.CodeExample}. Nothing was changed.");
        }

        var project = ProjectOf(o, target, pm);
        var problems = ProjectValidator.Validate(project, budgetMayBeUnset: true);
        if (problems.Count > 0)
        {
            return Reply.Message($"The project cannot be created from {o.Code} yet: {string.Join(" ", problems)} Fix it with **opportunity edit {o.Code}**. Nothing was changed.");
        }

        var existing = await projects.GetAsync(target, cancellationToken);
        if (existing is not null && !IsFrom(existing.Project, o))
        {
            return Reply.Message($"The project code {target} is taken ({existing.Project.Name}). Give the new project its own: **opportunity won {o.Code} ‹project code›**. Nothing was changed.");
        }

        var claim = await register.ChangeAsync(
            o.Code,
            current => current switch
            {
                null => new OpportunitySaveResult.NotFound(o.Code),
                { Opportunity.Stage: OpportunityStage.Won } => new OpportunitySaveResult.Unchanged(current),
                { Opportunity.IsClosed: true } => new OpportunitySaveResult.Refused(current, "closed"),
                _ => current.Opportunity with { Stage = OpportunityStage.Won, ProjectCode = target, StageReason = null },
            },
            caller.Name,
            cancellationToken);
        switch (claim)
        {
            case OpportunitySaveResult.NotFound:
                return Reply.Message(view.NotVisible(code));
            case OpportunitySaveResult.Refused refused:
                return await ClosedAlreadyAsync(refused.Current, caller, cancellationToken);
            case OpportunitySaveResult.Unchanged lost when !string.Equals(lost.Opportunity.Opportunity.ProjectCode, target, StringComparison.OrdinalIgnoreCase):
                return await ClosedAlreadyAsync(lost.Opportunity, caller, cancellationToken);
        }

        var after = claim switch
        {
            OpportunitySaveResult.Saved saved => saved.Opportunity,
            OpportunitySaveResult.Unchanged unchanged => unchanged.Opportunity,
            _ => stored,
        };
        var now = time.GetUtcNow();
        var matched = await lessons.MatchAsync(o, review, [], cancellationToken);
        var plan = matched.SelectMany(m => m.Lesson.ContingencyActions).FirstOrDefault() is { } action ? $"From a past lesson: {action}" : ReviewRiskText.NoPlan;
        var carried = await ReviewRiskText.WithOwnerNamesAsync(review.Risks(pm.Name, plan), people, cancellationToken);
        foreach (var risk in carried)
        {
            await risks.AddAsync(
                new LoggedRisk(target, risk.Id, risk.Description, risk.Probability, risk.Impact, risk.Owner, caller.UserKey, caller.Name, now, string.Create(CultureInfo.InvariantCulture, $"From the delivery-risk review of opportunity {o.Code} ({DateText.Display(DateOnly.FromDateTime(review.At.UtcDateTime))})."), risk.Contingency),
                cancellationToken);
        }

        if (existing is null && await projects.CreateAsync(project, caller.Name, cancellationToken) is ProjectSaveResult.AlreadyExists taken && !IsFrom(taken.Existing.Project, o))
        {
            // The claim is given back, so the deal can be won under another code.
            await register.ChangeAsync(
                o.Code,
                current => current is null ? new OpportunitySaveResult.NotFound(o.Code)
                    : !unfinished && current.Opportunity.Stage == OpportunityStage.Won && string.Equals(current.Opportunity.ProjectCode, target, StringComparison.OrdinalIgnoreCase)
                        ? current.Opportunity with { Stage = o.Stage, ProjectCode = null }
                        : new OpportunitySaveResult.Unchanged(current),
                caller.Name,
                cancellationToken);
            return Reply.Message($"The project code {target} was taken meanwhile ({taken.Existing.Project.Name}). Give the new project its own: **opportunity won {o.Code} ‹project code›**.");
        }

        await scheduler.EnsureScheduledAsync(pm.UserKey, cancellationToken);
        var firstReview = await scheduler.GetAsync(pm.UserKey, cancellationToken);
        await outbox.EnqueueAsync(
            new DeliveryRequest(HandoverKey(o.Code), DeliveryTarget.PersonalChat(pm.UserKey), $"Handover: {o.Code} {o.Name} is won and is now your project {target}.", HandoverCard(o, project, review, carried, firstReview, now)),
            cancellationToken);
        LogWon(o.Code, target, carried.Count);
        return Reply.WithCard(
            OpportunityCards.Card(after, caller, review, $"Won. Project {target} is in the register with {carried.Count} risk{(carried.Count == 1 ? string.Empty : "s")} from the review, and no budget yet (the contract value is revenue: set the budget with **project edit {target}**); {pm.Name} gets the handover card in personal chat, and their weekly review is scheduled. Type **status {target}** to see it."),
            $"{o.Code} won: project {target} created.");
    }

    /// <summary>
    /// A deal closed already: won (a second win, or Mark won on a card shown before the win), lost or withdrawn (Mark won
    /// on a card shown before it was closed). Its card as it is now, without the button, saying what happened and when.
    /// </summary>
    private async Task<Reply> ClosedAlreadyAsync(StoredOpportunity stored, PmoUser caller, CancellationToken cancellationToken)
    {
        var o = stored.Opportunity;
        var when = OpportunityCards.ClosedWhen(stored, caller);
        var notice = o.Stage == OpportunityStage.Won
            ? $"{o.Code} was already won as {o.ProjectCode}{when}. Nothing was changed: its project is {o.ProjectCode}."
            : $"{o.Code} was closed as {EnumText.Describe(o.Stage).ToLowerInvariant()}{when} ({o.StageReason}), so it cannot be won. Nothing was changed.";
        return OpportunityCards.Outdated(stored, caller, await reviews.GetLatestAsync(o, cancellationToken), notice);
    }

    /// <summary>
    /// The project a won deal becomes: its code, name, unit, PM, sponsor and dates. The contract value is what the
    /// customer pays, not what delivery may spend, so the budget is left unset (zero) for the PMO or PM to set, as the
    /// baseline is.
    /// </summary>
    public static Project ProjectOf(Opportunity o, string code, ProjectPerson pm) => new(
        code,
        o.Name,
        o.BusinessUnit,
        pm,
        null,
        o.Sponsor ?? o.SalesOwner.Name,
        ProjectStage.Initiation,
        o.DeliveryStart,
        o.DeliveryEnd ?? o.DeliveryStart.AddMonths(DefaultDeliveryMonths),
        0m,
        o.Currency,
        [],
        [],
        ReviewCadence.Weekly,
        ProjectStatus.Active);

    /// <summary>A project made from this deal by an earlier attempt: same name, unit and PM.</summary>
    private static bool IsFrom(Project project, Opportunity o) =>
        project.Name == o.Name && project.BusinessUnit == o.BusinessUnit && o.ProposedPm is { } pm && project.Manager.UserKey == pm.UserKey;

    /// <summary>
    /// The PM's review slot in the project's first full week, in the PM's zone (or the next slot, once that week is
    /// under way): the weekly round asks for a project from then (<see cref="ReviewCadenceRule.HasBegunBy"/>), so a
    /// project starting next month has nothing to review before it starts.
    /// </summary>
    public static DateTimeOffset FirstReviewLocal(Project project, ReviewScheduleView schedule, DateTimeOffset now)
    {
        var weekStart = ReviewCadenceRule.FirstWeek(project.Start).Monday.ToDateTime(TimeOnly.MinValue);
        var startLocal = new DateTimeOffset(weekStart, schedule.Zone.GetUtcOffset(weekStart));
        var first = startLocal > now
            ? ReviewScheduleCalculator.NextOpening(schedule.Slot, schedule.Zone, startLocal.AddTicks(-1))
            : schedule.NextOpening;
        return schedule.Local(first);
    }

    public static JsonObject HandoverCard(Opportunity o, Project project, OpportunityReview review, IReadOnlyList<ReviewRisk> risks, ReviewScheduleView firstReview, DateTimeOffset now)
    {
        var firstReviewAt = FirstReviewLocal(project, firstReview, now);
        var notes = o.Notes;
        static JsonNode? Section(string title, string text) => text.Length == 0 ? null : AdaptiveCard.Container([AdaptiveCard.Subheading(title), AdaptiveCard.Text(text)]);
        var conditions = review.Conditions;
        return AdaptiveCard.Create(
            [
                AdaptiveCard.Heading($"Handover: {project.Code} · {project.Name}"),
                AdaptiveCard.Text($"{o.Account} signed. You are the PM; {o.SalesOwner.Name} sold it. Everything sales knows is here, so nothing needs rediscovering.", subtle: true),
                AdaptiveCard.Facts(
                [
                    ("Customer", o.Account),
                    ("Contract", $"{OpportunityText.Describe(o.ContractType)}, {OpportunityText.Money(o)}"),
                    ("Budget at completion", $"not set: the contract value is revenue, not the budget. Set it with the PMO (**project edit {project.Code}**)"),
                    ("Delivery", $"{DateText.Display(project.Start)} to {DateText.Display(project.PlannedEnd)}"),
                    ("Sponsor", project.Sponsor),
                    ("Go decision", $"{OpportunityText.Describe(review.Band)}, {OpportunityText.Score(review.Score)}/100 at {EnumText.Describe(review.Stage)}"),
                    ("First weekly review", string.Create(CultureInfo.InvariantCulture, $"{firstReviewAt:ddd d MMM yyyy HH:mm} ({firstReview.Zone.Id}), your review slot in the project's first full week (it starts {DateText.Display(project.Start)})")),
                ]),
                Section("The customer's problem, in their words", notes.CustomerProblem),
                Section("Scope and exclusions", notes.Scope),
                Section("Commercial terms and payment milestones", notes.Commercial),
                Section("Assumptions", notes.Assumptions),
                conditions.Count == 0 ? null : Section("Conditions from the go decision", string.Join("\n", conditions.Select(c => "- " + c))),
                AdaptiveCard.Subheading($"Risks carried into {project.Code}'s register ({risks.Count})"),
                risks.Count == 0
                    ? AdaptiveCard.Text("The review named none.", subtle: true)
                    : AdaptiveCard.Facts(risks.Select(r => (r.Description, $"{r.Probability}/{r.Impact} · owner {r.Owner} · {r.Contingency}"))),
                Section("Links", notes.Links),
                AdaptiveCard.Text("The budget and the baseline are yours to fill in with the PMO: budget at completion, milestones and planned value.", subtle: true),
            ],
            [AdaptiveCard.SendMessage("Project card", $"project {project.Code}"), AdaptiveCard.SendMessage("Status and risks", $"status {project.Code}")]);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Opportunity {Code} won: project {ProjectCode} with {RiskCount} risks")]
    private partial void LogWon(string code, string projectCode, int riskCount);
}

/// <summary>The "Mark won" button of the opportunity and result cards, with the project code typed under it (empty: the deal's).</summary>
public sealed class OpportunityWonCardAction(OpportunityHandover handover) : ICardActionHandler
{
    public string Verb => OpportunityCards.WonVerb;

    public IReadOnlySet<Role> AllowedRoles => ProjectAccess.AnyRole;

    public Task<Reply> HandleAsync(CardActionRequest request, CancellationToken cancellationToken) =>
        request.Field(OpportunityCards.CodeField) is { } code
            ? handover.WinAsync(request.Caller, code, request.Field(OpportunityCards.ProjectCodeField), cancellationToken)
            : Task.FromResult(OpportunityCards.ButtonWithoutCode);
}
