namespace PmoBot.Reviews.Templates;

/// <summary>
/// Version 1 of the review questionnaire, published the first time a template is needed: the weekly review a PMO
/// asks of every project (status by dimension, progress and cost for earned value, what is coming, what could go
/// wrong, what the PM needs). The RAGs, percent complete and actual cost are required because the portfolio view,
/// earned value and the warning rules cannot work without them; the rest may be skipped.
/// </summary>
public static class DefaultTemplate
{
    public const int Version = 1;

    private const string RagScale = "Green: on track. Amber: at risk, but you can recover within the agreed tolerances. Red: outside tolerance, needs help or a decision from the sponsor or the PMO.";

    public static IReadOnlyList<Question> Questions { get; } =
    [
        new(WellKnownQuestions.Overall, "Overall, what is the project's status this week?", QuestionType.Rag, Required: true,
            Help: RagScale),
        new(WellKnownQuestions.Scope, "Scope: is the agreed scope being delivered, with changes going through change control?", QuestionType.Rag, Required: true,
            Help: "Green: scope is baselined and every change is approved. Amber: change requests are pending or scope is creeping, and you are managing it. Red: unapproved changes or a dispute about what is in scope."),
        new(WellKnownQuestions.Schedule, "Schedule: will the project meet its milestones and planned end date?", QuestionType.Rag, Required: true,
            Help: "Green: on plan. Amber: slipping, but recoverable within tolerance. Red: a key milestone or the end date will be missed without intervention."),
        new(WellKnownQuestions.Cost, "Cost: will the project finish within its budget at completion?", QuestionType.Rag, Required: true,
            Help: "Green: forecast within budget. Amber: forecast overrun within tolerance, or contingency being used fast. Red: forecast overrun beyond tolerance."),
        new(WellKnownQuestions.Quality, "Quality: do the deliverables meet their acceptance criteria?", QuestionType.Rag, Required: true,
            Help: "Green: tests and reviews pass. Amber: defects or rework that you are handling. Red: deliverables are failing acceptance or quality is putting go-live at risk."),
        new(WellKnownQuestions.Risk, "Risk: are the risks identified, owned and under control?", QuestionType.Rag, Required: true,
            Help: "Green: the risk register is current and mitigations are working. Amber: a high risk without a working mitigation. Red: a risk has materialised or is about to, and needs escalation."),
        new(WellKnownQuestions.Stakeholders, "Stakeholders: are the sponsor and key stakeholders engaged and supportive?", QuestionType.Rag, Required: true,
            Help: "Green: decisions come on time and support is clear. Amber: slow decisions or lukewarm support. Red: the sponsor is disengaged or key stakeholders oppose the project."),
        new(WellKnownQuestions.PercentComplete, "How much of the work is complete?", QuestionType.Percent, Required: true,
            Help: "Progress against the whole scope, not time elapsed or budget spent: it gives the earned value (percent complete × budget at completion)."),
        new(WellKnownQuestions.ActualCost, "What is the actual cost to date?", QuestionType.Money, Required: true,
            Help: "Everything spent on the project since it started, in the project's currency, e.g. 420,000 or 1.2m."),
        new(WellKnownQuestions.EstimateAtCompletion, "What do you now estimate the whole project will cost (estimate at completion)?", QuestionType.Money, Required: false,
            Help: "Your forecast of the total cost when the project is finished. Skip it and PmoBot forecasts it from the cost performance so far."),
        new(WellKnownQuestions.NextMilestone, "What is the next milestone?", QuestionType.Text, Required: false,
            Help: "Its name as in the project plan, e.g. Design sign-off."),
        new(WellKnownQuestions.NextMilestoneDate, "When do you forecast the next milestone will be reached?", QuestionType.Date, Required: false,
            Help: "Your current forecast, even if it differs from the baseline date."),
        new(WellKnownQuestions.TopRisks, "What are the top risks?", QuestionType.Risks, Required: false,
            Help: "Up to five, one per line, each with its probability and impact as L, M or H, e.g. Vendor delivers late (H/M). Type none if there are none."),
        new(WellKnownQuestions.Issues, "What issues need attention?", QuestionType.Text, Required: false,
            Help: "Problems happening now, not risks: what happened, its impact, and who owns the fix."),
        new(WellKnownQuestions.Decisions, "Which decisions do you need, from whom and by when?", QuestionType.Text, Required: false,
            Help: "e.g. Sponsor to approve the change request for the reporting module by Friday."),
        new(WellKnownQuestions.Summary, "In a few sentences, how did the project do since the last review?", QuestionType.Text, Required: false,
            Help: "Progress, what comes next, and anything the PMO and the sponsor should know."),
    ];
}
