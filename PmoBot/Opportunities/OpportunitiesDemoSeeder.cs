using Microsoft.Extensions.Options;
using PmoBot.Demo;
using PmoBot.Projects;
using PmoBot.Reviews.Templates;
using PmoBot.Storage;

namespace PmoBot.Opportunities;

/// <summary>
/// The demo organisation's pipeline, dated around the day of seeding: six opportunities across the stages. OPP-301 has a
/// go review and a named PM, ready to be won into a project; OPP-302 a conditional review; OPP-303 a no-go on a
/// deal-killer; OPP-304 closes within a week unreviewed (a reminder is due); OPP-305 was lost; OPP-306 was won as the
/// warehouse robotics pilot (PRJ-106). Only what is missing is added, so seeding twice adds nothing.
/// </summary>
public sealed partial class OpportunitiesDemoSeeder(
    IOptions<DemoOptions> demo,
    IOptions<OpportunitiesOptions> options,
    StorageReadiness readiness,
    OpportunityRegister register,
    OpportunityReviewStore reviews,
    OpportunityTemplates questionnaire,
    TimeProvider time,
    ILogger<OpportunitiesDemoSeeder> logger) : BackgroundService
{
    public const string ReadyToWin = "OPP-301";

    private const string SeededBy = "PmoBot demo";

    public async Task<int> SeedAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var template = await questionnaire.Templates.GetCurrentAsync(cancellationToken);
        DemoPerson Person(string name) => DemoOrganisation.People.Single(p => p.Name == name);
        Projects.ProjectPerson P(string name) => new(Person(name).AadObjectId, name);
        Opportunity Deal(string code, string account, string name, string unit, decimal value, ContractType contract, OpportunityStage stage, int closeIn, int startIn, int months, string owner, string? pm, HandoverNotes notes) =>
            new(code, account, name, unit, value, "EUR", contract, stage, today.AddDays(closeIn), today.AddDays(startIn), today.AddDays(startIn).AddMonths(months), P(owner), pm is null ? null : P(pm), "Isaiah Langer", notes);

        var deals = new (Opportunity Deal, int[]? Scores, string Killers, string Conditions, string Risks)[]
        {
            (Deal(ReadyToWin, "Fabrikam Insurance", "Claims portal rebuild", "Digital", 850_000m, ContractType.FixedPrice, OpportunityStage.Negotiate, 12, 35, 9, "Isaiah Langer", "Megan Bowen", new HandoverNotes(
                "\"Our customers wait 30 days for a claim decision and half of them call us twice to ask where it is.\"",
                "A self-service claims portal and a claims API for the two brokers. Excluded: the mainframe policy system and data migration before 2022.",
                "Fixed price 850,000 EUR: 20% at signature, 30% at design sign-off, 50% at go-live. Warranty 3 months.",
                "Fabrikam provides test data within two weeks of kick-off; the broker APIs are stable.",
                "Proposal: https://contoso.sharepoint.com/sites/sales/fabrikam-claims")),
                [4, 4, 3, 4, 4, 4, 4, 3, 4, 3], "No,No,No,No,No", "Design sign-off within six weeks, or the fixed price is reopened",
                "Broker API changes during the build owner: Megan Bowen plan: freeze the API contract at design sign-off and bill changes (M/H)\nTest data arrives late owner: Isaiah Langer plan: synthetic data set from our own claims model (H/M)"),
            (Deal("OPP-302", "Tailspin Toys", "Warehouse data platform", "Infrastructure", 1_400_000m, ContractType.Mixed, OpportunityStage.Propose, 11, 60, 12, "Isaiah Langer", "Adele Vance", HandoverNotes.Empty),
                [4, 3, 3, 3, 2, 3, 3, 3, 3, 3], "No,No,No,No,No", "Acceptance criteria signed before the fixed-price phase\nA named data owner on Tailspin's side",
                "Scope of the reporting phase unclear owner: Adele Vance (H/H)"),
            (Deal("OPP-303", "Woodgrove Bank", "Core payments migration", "Operations", 3_200_000m, ContractType.FixedPrice, OpportunityStage.Negotiate, 9, 30, 18, "Isaiah Langer", null, HandoverNotes.Empty),
                [3, 2, 2, 2, 2, 2, 2, 2, 2, 2], "Yes,Yes,No,No,No", string.Empty, "Regulator deadline cannot move (H/H)"),
            (Deal("OPP-304", "Northwind Traders", "E-commerce replatform", "Digital", 640_000m, ContractType.TimeAndMaterials, OpportunityStage.Qualify, 6, 40, 8, "Patti Fernandez", "Megan Bowen", HandoverNotes.Empty), null, string.Empty, string.Empty, string.Empty),
            (Deal("OPP-305", "Litware", "HR self-service", "Operations", 300_000m, ContractType.FixedPrice, OpportunityStage.Lost, -20, 10, 6, "Patti Fernandez", null, HandoverNotes.Empty) with { StageReason = "Price 25% above the winner; the customer weighed price at 60%." }, null, string.Empty, string.Empty, string.Empty),
            (Deal("OPP-306", "Tailspin Toys", "Warehouse robotics pilot", "Operations", 900_000m, ContractType.TimeAndMaterials, OpportunityStage.Won, -40, -5, 10, "Isaiah Langer", "Adele Vance", HandoverNotes.Empty) with { ProjectCode = "PRJ-106" }, null, string.Empty, string.Empty, string.Empty),
        };
        var added = 0;
        foreach (var (deal, scores, killers, conditions, risks) in deals)
        {
            var opportunity = deal;
            if (scores is not null)
            {
                var review = Review(template, opportunity, scores, killers, conditions, risks, now.AddDays(-2));
                await reviews.AddAsync(review, cancellationToken);
                opportunity = opportunity with { LatestReview = review.Headline };
            }

            added += await register.CreateAsync(opportunity, SeededBy, cancellationToken) is OpportunitySaveResult.Saved ? 1 : 0;
        }

        LogSeeded(added);
        return added;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!demo.Value.Seed)
        {
            return;
        }

        await readiness.WaitAsync(stoppingToken);
        await SeedAsync(stoppingToken);
    }

    private OpportunityReview Review(ReviewTemplate template, Opportunity o, int[] scores, string killers, string conditions, string risks, DateTimeOffset at)
    {
        var answers = ReviewAnswers.Empty;
        foreach (var (question, answer) in OpportunityQuestionnaire.DealKillers(template).Zip(killers.Split(',')))
        {
            answers = answers.With(question.Id, answer);
        }

        foreach (var (question, score) in OpportunityQuestionnaire.Dimensions(template).Zip(scores))
        {
            answers = answers.With(question.Id, ReviewAnswers.Canonical(score));
        }

        if (conditions.Length > 0)
        {
            answers = answers.With(OpportunityQuestionnaire.Conditions, conditions);
        }

        if (risks.Length > 0 && RiskText.TryRead(risks, out var entries) is null)
        {
            answers = answers.With(OpportunityQuestionnaire.Risks, ReviewAnswers.Canonical(entries));
        }

        var card = Scorecard.Of(template, answers, options.Value.Thresholds);
        return new OpportunityReview(o.Code, $"demo-{o.Code.ToLowerInvariant()}", o.Stage, template.Version, answers, card.Score, card.ScoreBand, card.DealKillers, null, DemoOrganisation.People[0].AadObjectId, "Alex Wilber", at);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo opportunities seeded: {Count} new")]
    private partial void LogSeeded(int count);
}
