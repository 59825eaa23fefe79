using PmoBot.Reviews.Templates;

namespace PmoBot.Opportunities;

/// <summary>
/// Version 1 of the delivery-risk review, published the first time it is needed; the PMO publishes later versions as
/// JSON, like the weekly review's. It follows bid/no-bid scorecards: deal-killers first (yes/no questions whose id starts
/// with <see cref="DealKillerPrefix"/>: any yes is a no-go unless a leader overrides), then ten dimensions scored 1 to 5
/// with weights (number questions with a <c>weight</c>), then the conditions and the top risks.
/// </summary>
public static class OpportunityQuestionnaire
{
    public const string DealKillerPrefix = "killer-";
    public const string Yes = "Yes";
    public const string No = "No";
    public const string Conditions = "conditions";
    public const string Risks = WellKnownQuestions.TopRisks;

    /// <summary>How a top risk names its owner and its contingency plan inside the description.</summary>
    public const string RiskExample = "Key architect unavailable owner: Megan Bowen plan: pair with the vendor's architect (M/H)";

    private const string Scale = "1: poor, a serious concern. 3: acceptable with work. 5: strong, no concern.";

    public static IReadOnlyList<Question> Questions { get; } =
    [
        Killer("liability", "Deal-killer: does the contract ask for unlimited liability?"),
        Killer("penalties", "Deal-killer: can penalties exceed 10% of the contract value?", "Liquidated damages, service credits and delay penalties together, over the life of the contract."),
        Killer("capacity", "Deal-killer: is delivery capacity missing for the delivery window?", "Nobody with the needed skills is free when delivery would start, and hiring cannot close the gap in time."),
        Killer("certification", "Deal-killer: does the deal require a certification or security clearance the team lacks?"),
        Killer("technology", "Deal-killer: does it need a technology nobody in the team has delivered?"),
        Dimension("strategicFit", "Strategic fit: does the deal fit our strategy and offerings?", 10),
        Dimension("customerRelationship", "Customer relationship: how well do we know the customer and the decision makers?", 10),
        Dimension("competitivePosition", "Competitive position: how well placed are we to win against the competition?", 10),
        Dimension("solutionMaturity", "Solution maturity and technical risk: how proven is the solution we propose?", 10),
        Dimension("scopeClarity", "Scope clarity: are the scope and the acceptance criteria clear and agreed?", 15),
        Dimension("deliveryCapacity", "Delivery capacity: do we have the team and a named PM for it?", 10),
        Dimension("scheduleRealism", "Schedule realism: can the timeline the customer asks for be met?", 10),
        Dimension("commercialTerms", "Commercial terms: margin, payment milestones and fixed-price exposure?", 10),
        Dimension("contractualLegal", "Contractual and legal: liability caps, IP and warranty?", 10),
        Dimension("thirdParties", "Third-party dependencies: how little do we depend on vendors and subcontractors?", 5),
        new(Conditions, "Conditions to meet before we commit (one per line)", QuestionType.Text, Required: false,
            Help: "E.g. Liability capped at the contract value; a signed acceptance plan. They go on the result card and, once won, to the PM."),
        new(Risks, "Top delivery risks, each with its owner and contingency plan", QuestionType.Risks, Required: false,
            Help: $"One per line: {RiskExample}. Won, they go into the project's risk register."),
    ];

    public static bool IsDealKiller(Question question) =>
        question.Id.StartsWith(DealKillerPrefix, StringComparison.OrdinalIgnoreCase) && question.Type == QuestionType.Choice;

    public static bool IsDimension(Question question) => question.Type == QuestionType.Number && question.Weight is > 0;

    public static IEnumerable<Question> DealKillers(ReviewTemplate template) => template.Questions.Where(IsDealKiller);

    public static IEnumerable<Question> Dimensions(ReviewTemplate template) => template.Questions.Where(IsDimension);

    /// <summary>The questionnaire's problems as an opportunity review (on top of the template rules): it must score something.</summary>
    public static IReadOnlyList<string> Problems(IReadOnlyList<Question> questions)
    {
        var problems = new List<string>();
        if (!questions.Any(IsDimension))
        {
            problems.Add("The opportunity review needs at least one scored dimension: a number question from 1 to 5 with a \"weight\".");
        }

        foreach (var question in questions.Where(IsDimension).Where(q => q.Min != 1 || q.Max != 5))
        {
            problems.Add($"\"{question.Id}\" is scored: give it \"min\": 1 and \"max\": 5.");
        }

        foreach (var question in questions.Where(IsDealKiller).Where(q => !q.ChoiceList.Contains(Yes, StringComparer.OrdinalIgnoreCase) || !q.ChoiceList.Contains(No, StringComparer.OrdinalIgnoreCase)))
        {
            problems.Add($"\"{question.Id}\" is a deal-killer: its choices are \"{Yes}\" and \"{No}\".");
        }

        return problems;
    }

    private static Question Killer(string id, string text, string? help = null) =>
        new(DealKillerPrefix + id, text, QuestionType.Choice, Required: true, Help: help ?? "Yes makes the deal a no-go unless a leader overrides it with a reason.", Choices: [Yes, No]);

    private static Question Dimension(string id, string text, decimal weight) =>
        new(id, text, QuestionType.Number, Required: true, Help: Scale, Min: 1, Max: 5, Weight: weight);
}
