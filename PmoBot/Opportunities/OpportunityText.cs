using System.Globalization;
using PmoBot.Cards;
using PmoBot.Commands;
using PmoBot.Projects;
using PmoBot.Reviews.Templates;

namespace PmoBot.Opportunities;

/// <summary>How opportunities read in cards and messages.</summary>
public static class OpportunityText
{
    public static string Describe(Band band) => band switch
    {
        Band.Go => "Go",
        Band.Conditional => "Go with conditions",
        _ => "No-go",
    };

    /// <summary>The Adaptive Card colour of a band.</summary>
    public static string Color(Band band) => band switch
    {
        Band.Go => "Good",
        Band.Conditional => "Warning",
        _ => "Attention",
    };

    public static string Describe(ContractType type) => type switch
    {
        ContractType.FixedPrice => "Fixed price",
        ContractType.TimeAndMaterials => "Time and materials",
        _ => "Mixed",
    };

    public static string Score(decimal score) => score.ToString("0.#", CultureInfo.InvariantCulture);

    public static string Money(Opportunity opportunity) => MoneyText.Format(opportunity.Value, opportunity.Currency);

    /// <summary>"Score 72 · Go (at Propose)" or "Not reviewed yet".</summary>
    public static string Review(Opportunity opportunity) => opportunity.LatestReview is { } review
        ? $"{Score(review.Score)}/100 · {Describe(review.Band)}{(review.Stage == opportunity.Stage ? string.Empty : $" (at {EnumText.Describe(review.Stage)})")}"
        : "Not reviewed yet";

    /// <summary>One line of a list: account, name, value, stage, close date (for a deal still open) and review.</summary>
    public static string Line(Opportunity o) =>
        $"{o.Account} · {o.Name} · {Money(o)} · {EnumText.Describe(o.Stage)}{(o.IsClosed ? string.Empty : $" · closes {DateText.Display(o.ExpectedClose)}")} · {Review(o)}";
}
