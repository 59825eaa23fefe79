using System.Text.Json.Nodes;
using PmoBot.Commands;
using PmoBot.People;

namespace PmoBot.Opportunities;

/// <summary>An opportunity the search found, with the card to insert into the conversation.</summary>
public sealed record OpportunityFound(Opportunity Opportunity, JsonObject Card);

/// <summary>
/// "Find opportunity" in the messaging extension: the deals the caller may see whose code, account, name, business
/// unit, sales owner or proposed PM contains what they typed, open deals first, each with its card and latest review.
/// </summary>
public sealed class OpportunitySearch(OpportunityRegister register, OpportunityReviewStore reviews, OpportunityAccess access)
{
    public async Task<IReadOnlyList<OpportunityFound>> SearchAsync(PmoUser caller, string text, int max, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var view = access.ViewOf(caller);
        var stored = await register.ListStoredAsync(cancellationToken);
        var matches = stored.Values
            .Where(s => view.CanSee(s.Opportunity) && Matches(s.Opportunity, text.Trim()))
            .OrderBy(s => s.Opportunity.IsClosed)
            .ThenBy(s => s.Opportunity.ExpectedClose)
            .Take(max)
            .ToList();
        var found = new List<OpportunityFound>(matches.Count);
        foreach (var match in matches)
        {
            var latest = await reviews.GetLatestAsync(match.Opportunity, cancellationToken);
            found.Add(new OpportunityFound(match.Opportunity, OpportunityCards.Card(match, caller, latest)));
        }

        return found;
    }

    /// <summary>The line under the result's title: value, stage, close date and review.</summary>
    public static string Subtitle(Opportunity opportunity)
    {
        ArgumentNullException.ThrowIfNull(opportunity);
        return $"{opportunity.Account} · {OpportunityText.Money(opportunity)} · {EnumText.Describe(opportunity.Stage)} · {OpportunityText.Review(opportunity)}";
    }

    private static bool Matches(Opportunity o, string text) =>
        text.Length == 0
        || new[] { o.Code, o.Account, o.Name, o.BusinessUnit, o.SalesOwner.Name, o.ProposedPm?.Name ?? string.Empty }
            .Any(field => field.Contains(text, StringComparison.OrdinalIgnoreCase));
}
