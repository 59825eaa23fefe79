namespace PmoBot.Reviews.Templates;

/// <summary>
/// Question ids the product reads meaning from: earned value, the latest status and the warning rules. A template
/// may leave any of them out (the figures then show "not enough data"), but where it has one it must keep its type.
/// </summary>
public static class WellKnownQuestions
{
    public const string Overall = "overall";
    public const string Scope = "scope";
    public const string Schedule = "schedule";
    public const string Cost = "cost";
    public const string Quality = "quality";
    public const string Risk = "risk";
    public const string Stakeholders = "stakeholders";
    public const string PercentComplete = "percentComplete";
    public const string ActualCost = "actualCost";
    public const string EstimateAtCompletion = "estimateAtCompletion";
    public const string NextMilestone = "nextMilestone";
    public const string NextMilestoneDate = "nextMilestoneDate";
    public const string TopRisks = "risks";
    public const string Issues = "issues";
    public const string Decisions = "decisions";
    public const string Summary = "summary";

    /// <summary>The RAG dimensions after the overall one, in the order cards show them.</summary>
    public static readonly IReadOnlyList<string> Dimensions = [Scope, Schedule, Cost, Quality, Risk, Stakeholders];

    public static readonly IReadOnlyDictionary<string, QuestionType> Types = new Dictionary<string, QuestionType>(StringComparer.OrdinalIgnoreCase)
    {
        [Overall] = QuestionType.Rag,
        [Scope] = QuestionType.Rag,
        [Schedule] = QuestionType.Rag,
        [Cost] = QuestionType.Rag,
        [Quality] = QuestionType.Rag,
        [Risk] = QuestionType.Rag,
        [Stakeholders] = QuestionType.Rag,
        [PercentComplete] = QuestionType.Percent,
        [ActualCost] = QuestionType.Money,
        [EstimateAtCompletion] = QuestionType.Money,
        [NextMilestone] = QuestionType.Text,
        [NextMilestoneDate] = QuestionType.Date,
        [TopRisks] = QuestionType.Risks,
        [Issues] = QuestionType.Text,
        [Decisions] = QuestionType.Text,
        [Summary] = QuestionType.Text,
    };
}
