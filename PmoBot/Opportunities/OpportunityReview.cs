using System.Text.RegularExpressions;
using PmoBot.People;
using PmoBot.Reviews.Templates;

namespace PmoBot.Opportunities;

/// <summary>A top risk of a review: what might happen, how likely and how bad, who owns it and the contingency plan.</summary>
public sealed record ReviewRisk(string Id, string Description, RiskLevel Probability, RiskLevel Impact, string Owner, string Contingency)
{
    public int Score => (int)Probability * (int)Impact;
}

/// <summary>
/// A delivery-risk review of an opportunity as submitted: the stage it was made at and the questionnaire version it
/// answered (so a re-review shows what changed), the answers, the scorecard, the decision, and a leader's override.
/// </summary>
public sealed record OpportunityReview(
    string OpportunityCode,
    string Id,
    OpportunityStage Stage,
    int TemplateVersion,
    ReviewAnswers Answers,
    decimal Score,
    Band ScoreBand,
    IReadOnlyList<string> DealKillers,
    DealKillerOverride? Override,
    string ReviewedByKey,
    string ReviewedBy,
    DateTimeOffset At)
{
    public Band Band => DealKillers.Count > 0 && Override is null ? Band.NoGo : ScoreBand;

    /// <summary>
    /// Whether a leader's override would change the decision: deal-killers answered yes and not overridden yet, and a
    /// score that is not a no-go by itself (overriding then changes nothing).
    /// </summary>
    public bool OverrideWouldChangeOutcome => DealKillers.Count > 0 && Override is null && ScoreBand != Band.NoGo;

    public ReviewHeadline Headline => new(Id, Stage, Score, Band, TemplateVersion, At);

    public IReadOnlyList<string> Conditions =>
        (Answers.Text(OpportunityQuestionnaire.Conditions) ?? string.Empty).Split(['\n', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>The top risks, their owner and plan read from the description (<c>… owner: name plan: what we do</c>); the defaults fill what is not named.</summary>
    public IReadOnlyList<ReviewRisk> Risks(string defaultOwner, string defaultPlan) =>
        Answers.Risks(OpportunityQuestionnaire.Risks)
            .Select((risk, index) => ReviewRiskText.Read(risk, $"{OpportunityCode}-R{index + 1}", defaultOwner, defaultPlan))
            .ToList();
}

/// <summary>Splits a risk's description into what might happen, its owner and its contingency plan.</summary>
public static partial class ReviewRiskText
{
    public const string NoPlan = "No contingency plan yet: agree one before delivery starts.";

    public static ReviewRisk Read(RiskEntry risk, string id, string defaultOwner, string defaultPlan)
    {
        ArgumentNullException.ThrowIfNull(risk);
        var text = risk.Description;
        var plan = Plan().Match(text);
        var planText = plan.Success ? plan.Groups["plan"].Value.Trim() : null;
        if (plan.Success)
        {
            text = text[..plan.Index];
        }

        var owner = Owner().Match(text);
        var ownerText = owner.Success ? owner.Groups["owner"].Value.Trim().TrimEnd(',', ';') : null;
        if (owner.Success)
        {
            text = text[..owner.Index];
        }

        var description = text.Trim().TrimEnd(',', ';', '-', '–', '—').Trim();
        return new ReviewRisk(
            id,
            description.Length == 0 ? risk.Description : description,
            risk.Probability,
            risk.Impact,
            string.IsNullOrWhiteSpace(ownerText) ? defaultOwner : ownerText,
            string.IsNullOrWhiteSpace(planText) ? defaultPlan : planText);
    }

    /// <summary>Each owner typed as a known person ("megan") given as that person's name ("Megan Bowen"); anyone else as typed.</summary>
    public static async Task<IReadOnlyList<ReviewRisk>> WithOwnerNamesAsync(IReadOnlyList<ReviewRisk> risks, PeopleDirectory people, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(people);
        var names = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var owner in risks.Select(r => r.Owner).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            names[owner] = await people.FindAsync(owner, [], cancellationToken) is PersonSearch.Found found ? found.User.Name : owner;
        }

        return risks.Select(r => r with { Owner = names[r.Owner] }).ToList();
    }

    [GeneratedRegex(@"\b(?:plan|contingency)\s*:\s*(?<plan>.*)$", RegexOptions.IgnoreCase)]
    private static partial Regex Plan();

    [GeneratedRegex(@"\bowner\s*:\s*(?<owner>.*)$", RegexOptions.IgnoreCase)]
    private static partial Regex Owner();
}
