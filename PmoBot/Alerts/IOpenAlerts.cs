using System.Text.Json.Nodes;

namespace PmoBot.Alerts;

/// <summary>What is open for the PMO when it chooses a new alert channel: a sentence and a card listing it there.</summary>
public sealed record OpenAlertsList(string Summary, JsonObject Card);

/// <summary>
/// A feature with alerts that stay open (early warnings): when the PMO moves its alerts with <c>alerts here</c>, the
/// open ones are listed in the new channel, so nothing open is left behind in the old place.
/// </summary>
public interface IOpenAlerts
{
    /// <returns>The list, or null when nothing is open.</returns>
    Task<OpenAlertsList?> ListAsync(CancellationToken cancellationToken);
}
