using System.Globalization;
using System.Text.Json.Nodes;
using PmoBot.Cards;
using PmoBot.Commands;
using PmoBot.People;
using PmoBot.Projects;
using PmoBot.Reviews.History;
using PmoBot.Reviews.Templates;

namespace PmoBot.Portfolio;

/// <summary>
/// A project's status card, for <c>status</c> and the messaging extension. It carries a Universal Actions refresh, so
/// whoever opens it later gets it rebuilt for them with the latest status (or told they may not see it).
/// </summary>
public static class StatusCard
{
    public const string RefreshVerb = "status.refresh";
    public const string CodeField = "code";

    /// <summary>Risks shown on the card; the card says how many more there are.</summary>
    public const int RisksShown = 8;

    public static JsonObject Build(PortfolioEntry entry, IReadOnlyList<PortfolioRisk> risks, PmoUser viewer)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(risks);
        var project = entry.Project;
        var status = entry.Reviewed;
        var body = new List<JsonNode?>
        {
            AdaptiveCard.Heading($"{project.Code} · {project.Name}"),
            AdaptiveCard.Text(
                $"{project.BusinessUnit} · PM {project.Manager.Name}{(project.Deputy is { } deputy ? $", deputy {deputy.Name}" : string.Empty)} · {EnumText.Describe(project.Stage)} · {EnumText.Describe(project.Status)}",
                subtle: true),
        };
        if (status is null)
        {
            body.Add(AdaptiveCard.Text($"Overall: {PortfolioText.NoReviewYet}. The first weekly review {project.Manager.Name} submits fills this card in."));
            body.Add(AdaptiveCard.Facts(
            [
                ("Budget at completion", ProjectText.Budget(project, amount => ReviewHistoryText.Money(amount, project.Currency))),
                ("Next milestone", PortfolioText.NextMilestone(entry)),
            ]));
        }
        else
        {
            body.AddRange(Reviewed(entry, status, viewer));
        }

        body.AddRange(Risks(risks, project.BusinessUnit));
        if (entry.Status is { ConsecutiveMissed: > 0 } missed)
        {
            body.Add(AdaptiveCard.Text(
                $"Missed reviews since the last one submitted: {missed.ConsecutiveMissed.ToString(CultureInfo.InvariantCulture)}, the latest {missed.LastMissedPeriod}.",
                color: "Warning"));
        }

        var card = AdaptiveCard.Create(
            body,
            [
                AdaptiveCard.SendMessage("Review history", $"review history {project.Code}"),
                AdaptiveCard.SendMessage("Project card", $"project {project.Code}"),
            ]);
        return WithRefresh(card, project.Code);
    }

    /// <summary>What someone who may not see the project gets when the card refreshes for them: no name, no figures.</summary>
    public static JsonObject NotVisible(string code)
    {
        var card = AdaptiveCard.Create(
        [
            AdaptiveCard.Heading("Project status"),
            AdaptiveCard.Text("You can't see this project's status: it is not one of the projects you may see, or it no longer exists. Type **status** with a project of yours."),
        ]);
        return WithRefresh(card, code);
    }

    /// <summary>The refresh clause: Teams invokes <see cref="RefreshVerb"/> for each person who opens the card.</summary>
    private static JsonObject WithRefresh(JsonObject card, string code) =>
        AdaptiveCard.WithRefresh(card, RefreshVerb, new JsonObject { [CodeField] = ProjectText.NormalizeCode(code) });

    private static IEnumerable<JsonNode?> Reviewed(PortfolioEntry entry, LatestStatus status, PmoUser viewer)
    {
        var project = entry.Project;
        var ev = status.EarnedValue;
        string Money(decimal? amount) => ReviewHistoryText.Money(amount, ev?.Currency ?? project.Currency);
        yield return new JsonObject
        {
            ["type"] = "TextBlock",
            ["text"] = $"Overall {PortfolioText.RagWithTrend(status.Overall, status.PreviousOverall)}",
            ["size"] = "Medium",
            ["weight"] = "Bolder",
            ["wrap"] = true,
        };
        if (!string.IsNullOrWhiteSpace(status.Summary))
        {
            yield return AdaptiveCard.Text(status.Summary);
        }

        yield return AdaptiveCard.Facts(WellKnownQuestions.Dimensions
            .Select(d => status.Dimension(d) ?? new DimensionRag(d, null, null))
            .Select(d => (PortfolioText.Dimension(d.Dimension), d.Current is null ? "not given" : PortfolioText.RagWithTrend(d.Current, d.Previous))));
        yield return AdaptiveCard.Subheading("Earned value");
        yield return AdaptiveCard.Facts(
        [
            ("Percent complete", ReviewHistoryText.Percent(status.PercentComplete)),
            ("SPI", ReviewHistoryText.Index(ev?.Spi)),
            ("CPI", ReviewHistoryText.Index(ev?.Cpi)),
            ("EAC (BAC / CPI)", $"{ReviewHistoryText.Estimate(ev?.Eac, ev?.Currency ?? project.Currency)} vs budget {ProjectText.Budget(project, amount => ReviewHistoryText.Money(amount, project.Currency))}"),
            ("PM's EAC", Money(ev?.ManagerEac)),
            ("Next milestone", PortfolioText.NextMilestone(entry)),
        ]);
        if (!string.IsNullOrWhiteSpace(status.Decisions))
        {
            yield return AdaptiveCard.Subheading("Decisions needed");
            yield return AdaptiveCard.Text(status.Decisions);
        }

        if (!string.IsNullOrWhiteSpace(status.Issues))
        {
            yield return AdaptiveCard.Subheading("Issues");
            yield return AdaptiveCard.Text(status.Issues);
        }

        var submitted = status.SubmittedAt is { } at ? $" on {ProjectCards.When(at, viewer)}" : string.Empty;
        yield return AdaptiveCard.Text($"Last review {ReviewHistoryText.Period(status.LastReviewPeriod!.Value)}, submitted by {status.SubmittedByName}{submitted}.", subtle: true);
    }

    private static IEnumerable<JsonNode?> Risks(IReadOnlyList<PortfolioRisk> risks, string businessUnit)
    {
        yield return AdaptiveCard.Subheading("Top risks (probability × impact)");
        if (risks.Count == 0)
        {
            yield return AdaptiveCard.Text("None reported in the latest review or logged.", subtle: true);
            yield break;
        }

        yield return AdaptiveCard.Facts(risks.Take(RisksShown).Select(r => (PortfolioText.Score(r.Risk), r.Describe())));
        if (risks.Count > RisksShown)
        {
            yield return AdaptiveCard.Text(
                $"{RisksShown} of {risks.Count.ToString(CultureInfo.InvariantCulture)} risks shown, the highest scores; type **risks {businessUnit}** for the whole list.",
                subtle: true);
        }
    }
}
