using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using PmoBot.Cards;
using PmoBot.Commands;
using PmoBot.People;
using PmoBot.Processes;
using PmoBot.Projects;

namespace PmoBot.Opportunities;

/// <summary>
/// <c>pipeline [business unit]</c>: the leaders' view of the open deals by stage, with value, score and band. Teams draws
/// the value by stage and band as a grouped bar chart; other hosts show its fallback, the same figures as a table.
/// </summary>
public sealed class PipelineCommands(OpportunityRegister register, OpportunityAccess access, IOptions<OpportunitiesOptions> options, TimeProvider time) : ICommandModule
{
    public IEnumerable<CommandDefinition> Commands =>
    [
        new("pipeline", "pipeline [business unit]", "Open deals by stage with value, score and band, and the no-go or conditional ones near closing", ProjectAccess.PortfolioRoles, ShowAsync),
    ];

    private async Task<Reply> ShowAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        var view = access.ViewOf(request.Caller);
        var open = (await register.ListVisibleAsync(view, cancellationToken)).Where(o => !o.IsClosed).ToList();
        var unit = request.Arguments.Trim();
        if (unit.Length > 0)
        {
            var inUnit = open.Where(o => string.Equals(o.BusinessUnit, unit, StringComparison.OrdinalIgnoreCase)).ToList();
            if (inUnit.Count == 0)
            {
                var units = open.Select(o => o.BusinessUnit).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase).ToList();
                return Reply.Message($"There are no open deals in \"{unit}\" that you may see.{(units.Count == 0 ? string.Empty : $" The business units with open deals are: {string.Join(", ", units)}.")}");
            }

            open = inUnit;
            unit = inUnit[0].BusinessUnit;
        }

        // "Closing within N days" counts from the reader's own date.
        var today = UserTimeZones.DateAt(time.GetUtcNow(), request.Caller.TimeZone);
        return Reply.WithCard(PipelineCard(open, unit.Length == 0 ? null : unit, view, today, options.Value.ReminderDays), $"{open.Count} open deals.");
    }

    /// <summary>Band of a deal as the pipeline counts it: its latest review's decision, or not reviewed.</summary>
    public static string Column(Opportunity o) => o.LatestReview is { } review ? OpportunityText.Describe(review.Band) : "Not reviewed";

    public static JsonObject PipelineCard(IReadOnlyList<Opportunity> open, string? unit, OpportunityView view, DateOnly today, int nearDays)
    {
        // Values are never summed across currencies: one chart (and its table) per currency, most deals first.
        var byCurrency = open.GroupBy(o => o.Currency).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).ToList();
        // In one currency the count is the deals' own ("4 open deals: 6,090,000 EUR"); in several, each total says its share.
        var totals = byCurrency.Select(g => byCurrency.Count == 1 ? MoneyText.Format(g.Sum(o => o.Value), g.Key) : $"{MoneyText.Format(g.Sum(o => o.Value), g.Key)} in {ProcessText.Count(g.Count(), "deal", "deals")}");
        var near = open
            .Where(o => o.LatestReview is { Band: Band.NoGo or Band.Conditional } && o.ExpectedClose.DayNumber - today.DayNumber <= nearDays)
            .OrderBy(o => o.ExpectedClose)
            .ToList();
        var body = new List<JsonNode?>
        {
            AdaptiveCard.Heading(unit is null ? "Pipeline" : $"Pipeline · {unit}"),
            AdaptiveCard.Text($"{ProcessText.Count(open.Count, "open deal", "open deals")}{(open.Count == 0 ? string.Empty : ": " + string.Join("; ", totals))}; what you may see: {view.Describe()}.", subtle: true),
            open.Count == 0 ? AdaptiveCard.Text("No open deals.", subtle: true) : null,
            AdaptiveCard.Subheading($"No-go or conditional, closing within {nearDays} days ({near.Count})"),
            near.Count == 0
                ? AdaptiveCard.Text("None.", subtle: true)
                : AdaptiveCard.Facts(near.Select(o => (o.Code, $"{o.Account} · {o.Name} · {OpportunityText.Money(o)} · closes {OpportunityCards.Days(o.ExpectedClose.DayNumber - today.DayNumber)} · {OpportunityText.Review(o)}"))),
        };
        body.InsertRange(3, byCurrency.Select(g => (JsonNode?)Chart([.. g], g.Key)));
        return AdaptiveCard.Create(body, [AdaptiveCard.SendMessage("All open deals", "opportunities")]);
    }

    /// <summary>The open value in one currency by stage and band; its fallback is the same figures as a table.</summary>
    private static JsonObject Chart(IReadOnlyList<Opportunity> deals, string currency)
    {
        var columns = new[] { OpportunityText.Describe(Band.Go), OpportunityText.Describe(Band.Conditional), OpportunityText.Describe(Band.NoGo), "Not reviewed" };
        var stages = OpportunityCards.OpenStages;
        var table = RolloutCards.Table(
            ["Stage", "Deals", $"Value ({currency})", .. columns],
            stages.Select(s =>
            {
                var at = deals.Where(o => o.Stage == s).ToList();
                return (IReadOnlyList<string>)[EnumText.Describe(s), at.Count.ToString(CultureInfo.InvariantCulture), MoneyText.Format(at.Sum(o => o.Value), null), .. columns.Select(c => at.Count(o => Column(o) == c).ToString(CultureInfo.InvariantCulture))];
            }));
        return Charts.WithNumbers(new JsonObject
        {
            ["type"] = "Chart.VerticalBar.Grouped",
            ["title"] = $"Open value by stage and band ({currency})",
            ["xAxisTitle"] = "Stage",
            ["yAxisTitle"] = currency,
            ["colorSet"] = "categorical",
            ["data"] = new JsonArray(columns.Select(c => (JsonNode)new JsonObject
            {
                ["legend"] = c,
                ["values"] = new JsonArray(stages.Select(s => (JsonNode)new JsonObject { ["x"] = EnumText.Describe(s), ["y"] = deals.Where(o => o.Stage == s && Column(o) == c).Sum(o => o.Value) }).ToArray()),
            }).ToArray()),
            ["fallback"] = table,
        });
    }
}
