namespace PmoBot.Lessons;

/// <summary>
/// The demo's lessons learned: thirteen lessons from past projects, one or two per warning rule and knowledge
/// area, written as a PMO would record them. Ids are fixed so seeding twice adds nothing; dates are relative to
/// the day of seeding so the list always reads "newest first" sensibly. The cost area holds exactly two lessons,
/// so the demo's CPI warning shows two of them.
/// </summary>
public static class DemoLessons
{
    public const string RecordedBy = "Patti Fernandez";

    /// <summary>The lessons, dated back from <paramref name="now"/>.</summary>
    public static IReadOnlyList<Lesson> All(DateTimeOffset now) => Plans.Select(p => p.ToLesson(now)).ToList();

    private static readonly DemoLesson[] Plans =
    [
        new(1, 40, "cpi-low", "PRJ-107", "Contractor day rates drifted above the plan",
            "CPI fell from 0.97 to 0.84 over two months. Three contractor extensions were renewed at the new market rate, and nobody compared the actual rates with the rates in the cost baseline until the quarterly finance review.",
            "Fix contractor rates for the project's duration in the statement of work, and compare actual cost with earned value every month with finance, not every quarter.",
            ["Freeze non-critical contractor extensions until the forecast is agreed", "Move well-defined work packages to internal staff", "Re-forecast the estimate at completion with the sponsor and agree the contingency draw-down", "Ask the vendor for a volume discount against the remaining days"]),
        new(2, 150, LessonCategories.Cost, "PRJ-103", "Cloud consumption was missing from the cost baseline",
            "The migration plan budgeted licences and people but not the Azure consumption of environments running in parallel with the data centre. Spend ran 18% over plan during wave 1 before anyone noticed.",
            "Put run costs of parallel environments in the baseline, with an owner, and set budgets and alerts on each subscription from day one.",
            ["Set Azure budgets with alerts at 80% and 100% for every project subscription", "Shut down development and test environments outside working hours", "Right-size the virtual machines migrated as is", "Tag every resource with the project code so spend is traceable"]),
        new(3, 75, "spi-low", "PRJ-105", "One architect shared by three projects",
            "SPI dropped to 0.78 because the only integration architect was also committed to two other projects; design reviews queued for up to three weeks and the build team waited.",
            "Agree named capacity for scarce roles with the resource managers at planning, and treat a shared specialist as a schedule risk with an owner.",
            ["Escalate the capacity conflict to the portfolio board for a priority decision", "Bring in a partner architect for the design reviews", "Resequence work that does not depend on the architect", "Time-box design reviews to a fixed weekly slot"]),
        new(4, 200, "milestone-slip", "PRJ-104", "Vendor hardware delivery slipped the pilot by six weeks",
            "The pilot branches' routers had a 14-week lead time that the plan assumed was 6. The pilot milestone's forecast moved three times, one or two weeks each, before the real date was known.",
            "Order long-lead items at design sign-off, ask vendors for committed delivery dates in writing, and re-plan once with the real date instead of slipping week by week.",
            ["Pilot with loan equipment from the vendor", "Dual-source the hardware for later waves", "Move the branches with existing compatible kit to the front of the rollout", "Tell the sponsor the new date once, with the recovery plan"]),
        new(5, 20, "dimension-red", null, "Quality went red while the overall status stayed green",
            "Open defects doubled in the last month before go-live, and the quality dimension turned red, but the overall status stayed green because schedule and cost were on track. Go-live was then delayed by three weeks.",
            "Treat any red dimension as a trigger for a PMO conversation within the week, whatever the overall status says.",
            ["Hold a defect triage with the test lead and the vendor every day until the trend reverses", "Agree go-live exit criteria on open severity 1 and 2 defects", "Add testers from the support team for regression testing"]),
        new(6, 310, "amber-streak", "PRJ-101", "Amber for two months became the normal state",
            "The app relaunch reported amber for nine reviews in a row. Each week the reason was 'integration testing behind', and the recovery date moved with it, until the sponsor asked why nothing changed.",
            "Give every amber status an exit date and an owner; after three ambers in a row the PMO and the sponsor agree a recovery plan or a re-baseline.",
            ["Write a recovery plan with dated actions and review it weekly", "Re-baseline the schedule with the sponsor if recovery is not credible", "Bring in the PMO for a health check"]),
        new(7, 120, "rag-worsening", null, "Status slid from green to red in three reviews",
            "A regulatory reporting change arrived late; the overall status went green, amber, red in three weeks as the team absorbed it without re-planning, and the sponsor heard of it at the steering committee.",
            "When the overall status worsens two steps in a short time, meet the PM within the week and decide together: re-plan, descope, or escalate.",
            ["Hold a review meeting with the PM and the sponsor", "Assess the change formally through change control", "Descope non-mandatory features from the release"]),
        new(8, 60, "missed-reviews", "PRJ-102", "Silent weeks came before the biggest slip",
            "The PM missed two weekly reviews while firefighting a vendor issue. When the review came in, the pilot had slipped a month and the budget forecast had gone up 12%.",
            "Call the PM within a day of a second missed review; a missed review is a signal, not an admin problem. Name a deputy who answers the review when the PM cannot.",
            ["PMO calls the PM the day after the second missed review", "The deputy PM answers the review", "Book a 30-minute review meeting with the PM this week"]),
        new(9, 250, "risk-high", "PRJ-103", "Data migration risk logged with no owner or date",
            "A high-probability, high-impact risk on legacy data quality was logged in month one but had no owner and no mitigation date. It materialised in wave 2 and cost five weeks of data cleansing.",
            "Every high risk gets an owner, a mitigation with a date, and a contingency plan at the review where it is raised.",
            ["Assign an owner and a mitigation date at the next review", "Run a data profiling exercise before the wave is planned", "Reserve contingency budget for cleansing"]),
        new(10, 95, "progress-stalled", null, "Percent complete stuck at 80% for a month",
            "The build phase reported 80% complete for four reviews in a row. Work packages were large and 'nearly done'; the real remaining effort was about 40%.",
            "Measure progress by finished deliverables, and split work packages so each finishes within two weeks.",
            ["Re-estimate the remaining work bottom-up with the team", "Split the open work packages into pieces of two weeks or less", "Report earned value on completed deliverables only"]),
        new(11, 180, LessonCategories.Scope, "PRJ-101", "Change requests accepted directly by the team",
            "Business users asked developers for 'small' changes which were accepted without change control; forty of them added about 15% effort and pushed the beta release.",
            "Route every change through the change log, with its effort and its effect on dates, and let the sponsor decide.",
            ["Publish the change control process to the business users", "Review the change log with the sponsor every fortnight", "Move accepted changes to a later release"]),
        new(12, 35, LessonCategories.Stakeholder, "PRJ-106", "The sponsor changed in the middle of the project",
            "A reorganisation replaced the sponsor; the new sponsor had not seen the business case and paused the project for a month to review it.",
            "When a sponsor changes, hold a handover session within two weeks with the business case, the status and the open decisions.",
            ["Hold a sponsor handover session", "Re-confirm the business case and the success criteria", "Update the stakeholder map and communication plan"]),
        new(13, 280, LessonCategories.Quality, "PRJ-105", "User acceptance testing was squeezed to meet go-live",
            "To hold the go-live date, user acceptance testing was cut from three weeks to one. Thirty defects reached production and the service desk backlog doubled in the first month.",
            "Protect acceptance testing in the plan: move the date or the scope, not the testing.",
            ["Agree acceptance exit criteria with the business before testing starts", "Phase the go-live by user group", "Plan hypercare support for the first four weeks"]),
    ];

    private sealed record DemoLesson(int Number, int DaysAgo, string Category, string? Project, string Title, string WhatHappened, string WhatToDo, IReadOnlyList<string> Actions)
    {
        public Lesson ToLesson(DateTimeOffset now) =>
            new($"LL-DEMO{Number:D2}", Title, WhatHappened, Project, Category, WhatToDo, Actions, RecordedBy, now.AddDays(-DaysAgo));
    }
}
