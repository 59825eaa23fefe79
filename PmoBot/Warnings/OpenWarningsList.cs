using PmoBot.Alerts;

namespace PmoBot.Warnings;

/// <summary>
/// The open early warnings, listed in the channel the PMO has just chosen with <c>alerts here</c>: the whole
/// portfolio (the command is the PMO's), most severe first, paged like <c>warnings</c>.
/// </summary>
public sealed class OpenWarningsList(WarningStore store, WarningRules rules, TimeProvider time) : IOpenAlerts
{
    public async Task<OpenAlertsList?> ListAsync(CancellationToken cancellationToken)
    {
        var open = await store.ListOpenAsync(cancellationToken);
        if (open.Count == 0)
        {
            return null;
        }

        var now = time.GetUtcNow();
        var projects = open.Select(e => e.ProjectCode).Distinct(StringComparer.OrdinalIgnoreCase).Count();
        var card = WarningCards.List("Open early warnings", WarningCards.ForList(open, now), rules.TitleOf, 1, "warnings", now);
        var what = open.Count == 1 ? "One early warning is open" : $"{WarningText.Count(open.Count)} early warnings are open";
        return new OpenAlertsList(
            $"{Capitalised(what)} on {(projects == 1 ? "one project" : $"{WarningText.Count(projects)} projects")}, listed below. New and escalated ones are posted here, one card per project; a card posted before moves here the next time it changes.",
            card);
    }

    private static string Capitalised(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
