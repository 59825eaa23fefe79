using PmoBot.Development.Events;
using PmoBot.Projects;
using PmoBot.Warnings;
using PmoBot.Warnings.Rules;

namespace PmoBot.Development.Training;

/// <summary>Why a PM is offered training: a warning one of their projects raised, in the knowledge area it points at.</summary>
public sealed record SuggestionReason(string ProjectCode, string ProjectName, string RuleTitle, DateTimeOffset RaisedAt, string KnowledgeArea);

/// <param name="InPlan">The area's programmes already in the plan (not dropped): not offered again, but named so the suggestion does not look empty.</param>
public sealed record TrainingSuggestion(SuggestionReason Reason, IReadOnlyList<Programme> Programmes, IReadOnlyList<EventOffer> Events, IReadOnlyList<PlanItem> InPlan);

/// <summary>
/// Ties development back to delivery: a PM whose projects raised cost or schedule warnings in the last quarter is
/// offered the catalogue's programmes and the upcoming events in that area, and told which warning, on which project.
/// </summary>
public sealed class TrainingSuggestions(ProjectRegister projects, WarningStore warnings, WarningRules rules, TrainingCatalogueStore catalogue, DevelopmentPlanStore plans, EventStore events, EventOffers offers, TimeProvider time)
{
    public static readonly TimeSpan Lookback = TimeSpan.FromDays(92);

    /// <summary>The warning rules that point at a knowledge area: cost (CPI, overrun) and schedule (SPI, milestones).</summary>
    public static readonly IReadOnlyDictionary<string, string> AreaOfRule = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [CpiLowRule.RuleId] = "cost",
        [EacOverrunRule.RuleId] = "cost",
        [SpiLowRule.RuleId] = "schedule",
        [MilestoneSlipRule.RuleId] = "schedule",
    };

    public async Task<IReadOnlyList<TrainingSuggestion>> ForAsync(string userKey, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var reasons = new List<SuggestionReason>();
        foreach (var project in await projects.ListManagedByAsync(userKey, cancellationToken))
        {
            var episodes = (await warnings.ListOpenAsync(project.Code, cancellationToken)).Concat(await warnings.ListClosedAsync(project.Code, 20, cancellationToken));
            reasons.AddRange(episodes
                .Where(e => now - e.RaisedAt <= Lookback && AreaOfRule.ContainsKey(e.RuleId))
                .Select(e => new SuggestionReason(project.Code, project.Name, rules.TitleOf(e.RuleId), e.RaisedAt, AreaOfRule[e.RuleId])));
        }

        if (reasons.Count == 0)
        {
            return [];
        }

        // Anything already in the plan (done, planned or under way) is not suggested again.
        var plan = await plans.ListAsync(userKey, cancellationToken);
        var inPlan = plan.Select(i => i.ProgrammeId).ToHashSet(StringComparer.Ordinal);
        var programmes = await catalogue.ListAsync(cancellationToken);
        var areaOf = programmes.ToDictionary(p => p.Id, p => p.KnowledgeArea, StringComparer.Ordinal);
        var upcoming = (await events.ListUpcomingAsync(now, cancellationToken)).Where(e => e.IsRegistrationOpen(now)).ToList();
        // One suggestion per area, for its most recent warning: several warnings on cost offer the same programmes.
        var suggestions = new List<TrainingSuggestion>();
        foreach (var r in reasons.GroupBy(r => r.KnowledgeArea).Select(g => g.OrderByDescending(r => r.RaisedAt).First()))
        {
            suggestions.Add(new TrainingSuggestion(
                r,
                programmes.Where(p => p.KnowledgeArea == r.KnowledgeArea && !inPlan.Contains(p.Id)).OrderBy(p => p.Level).ThenBy(p => p.Title, StringComparer.OrdinalIgnoreCase).Take(3).ToList(),
                await offers.ForAsync(upcoming.Where(e => e.KnowledgeAreas.Contains(r.KnowledgeArea)).Take(3), userKey, cancellationToken),
                plan.Where(i => i.Status != PlanStatus.Dropped && areaOf.GetValueOrDefault(i.ProgrammeId) == r.KnowledgeArea).ToList()));
        }

        return suggestions;
    }
}
