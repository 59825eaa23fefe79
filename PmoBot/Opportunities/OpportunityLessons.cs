using System.Globalization;
using PmoBot.Lessons;
using PmoBot.Projects;
using PmoBot.Warnings;

namespace PmoBot.Opportunities;

/// <summary>A past lesson shown on a review's result: why it matches the deal, and the warnings its project raised.</summary>
public sealed record MatchedLesson(LessonSuggestion Lesson, IReadOnlyList<string> Why, IReadOnlyList<string> ProjectWarnings);

/// <summary>
/// Finds the lessons of past projects that speak to a deal. A lesson counts when its project was in the same business
/// unit, when its project was delivered under the same contract type (a project won from an opportunity remembers it),
/// or when it is filed under a risk category the review raised: the weak dimensions (scored 1 or 2), the deal-killers
/// answered yes and the top risks. Within the categories the lessons are ranked by <see cref="LessonAdvisor.Rank"/>,
/// the warning cards' own ranking (category, then shared words with the deal's text, then newest); a lesson matching
/// more ways comes first. Each lesson brings what its project's warnings were.
/// </summary>
public sealed class OpportunityLessons(LessonStore lessons, ProjectRegister projects, OpportunityStore opportunities, WarningStore warnings)
{
    public const int Shown = 3;
    private const int WarningsPerProject = 3;

    /// <summary>The lesson category each review question speaks to when it goes badly.</summary>
    public static readonly IReadOnlyDictionary<string, string> CategoryOf = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["strategicFit"] = LessonCategories.Integration,
        ["customerRelationship"] = LessonCategories.Stakeholder,
        ["competitivePosition"] = LessonCategories.Stakeholder,
        ["solutionMaturity"] = LessonCategories.Quality,
        ["scopeClarity"] = LessonCategories.Scope,
        ["deliveryCapacity"] = LessonCategories.Integration,
        ["scheduleRealism"] = LessonCategories.Time,
        ["commercialTerms"] = LessonCategories.Cost,
        ["contractualLegal"] = LessonCategories.Risk,
        ["thirdParties"] = LessonCategories.Risk,
        ["killer-liability"] = LessonCategories.Risk,
        ["killer-penalties"] = LessonCategories.Cost,
        ["killer-capacity"] = LessonCategories.Integration,
        ["killer-certification"] = LessonCategories.Quality,
        ["killer-technology"] = LessonCategories.Quality,
    };

    /// <summary>The lesson categories a review raises: its weak dimensions, deal-killers and risks.</summary>
    public static IReadOnlyList<string> RiskCategories(OpportunityReview review, IReadOnlyList<DimensionScore> dimensions)
    {
        ArgumentNullException.ThrowIfNull(review);
        var categories = dimensions.Where(d => d.Score <= 2).OrderBy(d => d.Score).Select(d => d.Id)
            .Concat(review.DealKillers)
            .Select(id => CategoryOf.GetValueOrDefault(id))
            .OfType<string>()
            .ToList();
        if (review.Answers.Risks(OpportunityQuestionnaire.Risks).Count > 0)
        {
            categories.Add(LessonCategories.Risk);
        }

        return categories.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
    }

    public async Task<IReadOnlyList<MatchedLesson>> MatchAsync(Opportunity opportunity, OpportunityReview review, IReadOnlyList<DimensionScore> dimensions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(opportunity);
        var all = await lessons.ListAsync(cancellationToken);
        if (all.Count == 0)
        {
            return [];
        }

        var units = (await projects.ListAsync(cancellationToken)).ToDictionary(p => p.Code, p => p.BusinessUnit, StringComparer.OrdinalIgnoreCase);
        var contracts = (await opportunities.ListAsync(cancellationToken))
            .Where(s => s.Opportunity.ProjectCode is not null)
            .GroupBy(s => s.Opportunity.ProjectCode!, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.First().Opportunity.ContractType, StringComparer.OrdinalIgnoreCase);
        var categories = RiskCategories(review, dimensions);
        var text = string.Join(' ', [opportunity.Name, opportunity.Notes.CustomerProblem, opportunity.Notes.Scope, review.Answers.Text(OpportunityQuestionnaire.Conditions) ?? string.Empty, .. review.Answers.Risks(OpportunityQuestionnaire.Risks).Select(r => r.Description)]);

        var rankInCategories = categories
            .SelectMany(c => LessonAdvisor.Rank(all, c, null).Select((lesson, index) => (lesson, index, category: c)))
            .Where(r => string.Equals(LessonCategories.AreaOf(r.lesson.Category), LessonCategories.AreaOf(r.category), StringComparison.OrdinalIgnoreCase))
            .GroupBy(r => r.lesson.Id)
            .ToDictionary(g => g.Key, g => (Rank: g.Min(r => r.index), Category: g.First().category));
        var sharedWords = LessonAdvisor.Rank(all, string.Empty, text).Select((lesson, index) => (lesson.Id, index)).ToDictionary(r => r.Id, r => r.index);

        var matched = new List<(Lesson Lesson, List<string> Why, int Rank)>();
        foreach (var lesson in all)
        {
            var why = new List<string>();
            if (lesson.ProjectCode is { } code && units.TryGetValue(code, out var unit) && string.Equals(unit, opportunity.BusinessUnit, StringComparison.OrdinalIgnoreCase))
            {
                why.Add($"same business unit ({unit})");
            }

            if (lesson.ProjectCode is { } project && contracts.TryGetValue(project, out var contract) && contract == opportunity.ContractType)
            {
                why.Add($"same contract type ({OpportunityText.Describe(contract).ToLowerInvariant()})");
            }

            if (rankInCategories.TryGetValue(lesson.Id, out var category))
            {
                why.Add($"risk category {LessonCategories.Describe(category.Category).ToLowerInvariant()}");
            }

            if (why.Count > 0)
            {
                var rank = Math.Min(rankInCategories.TryGetValue(lesson.Id, out var ranked) ? ranked.Rank : int.MaxValue, sharedWords.GetValueOrDefault(lesson.Id, int.MaxValue));
                matched.Add((lesson, why, rank));
            }
        }

        var top = matched
            .OrderByDescending(m => m.Why.Count)
            .ThenBy(m => m.Rank)
            .ThenByDescending(m => m.Lesson.RecordedAt)
            .Take(Shown)
            .ToList();
        var result = new List<MatchedLesson>();
        foreach (var (lesson, why, _) in top)
        {
            result.Add(new MatchedLesson(lesson.ToSuggestion(), why, lesson.ProjectCode is { } code ? await WarningsOfAsync(code, cancellationToken) : []));
        }

        return result;
    }

    private async Task<IReadOnlyList<string>> WarningsOfAsync(string projectCode, CancellationToken cancellationToken)
    {
        var open = await warnings.ListOpenAsync(projectCode, cancellationToken);
        var closed = await warnings.ListClosedAsync(projectCode, WarningsPerProject, cancellationToken);
        return open.Concat(closed)
            .OrderByDescending(w => w.RaisedAt)
            .Take(WarningsPerProject)
            .Select(w => string.Create(CultureInfo.InvariantCulture, $"{w.Headline} ({w.Severity.ToString().ToLowerInvariant()}, {w.RaisedAt:MMM yyyy}{(w.ClosedAt is null ? ", open" : string.Empty)})"))
            .ToList();
    }
}
