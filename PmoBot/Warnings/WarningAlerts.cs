using PmoBot.Alerts;
using PmoBot.Delivery;
using PmoBot.People;

namespace PmoBot.Warnings;

/// <summary>
/// The warning's messages through the outbox: the alert card for the PMO (through <see cref="PmoNotifier"/>, so it
/// goes where the PMO chose), the note to the PM, and each later version of the card as an in-place update of every
/// posted copy. Keys name the episode (and the version), so repeating any step sends nothing twice.
/// </summary>
public sealed class WarningAlerts(PmoNotifier notifier, Outbox outbox, PeopleDirectory people, WarningRules rules, TimeProvider time)
{
    public static string AlertKey(string episodeId) => $"warning|{episodeId}";

    public static string ManagerNoteKey(string episodeId) => $"warning-pm|{episodeId}";

    /// <summary>Builds the episode's card as it stands, with the PMO members an owner can be chosen from.</summary>
    public async Task<System.Text.Json.Nodes.JsonObject> CardAsync(WarningEpisode episode, CancellationToken cancellationToken, string? note = null)
    {
        var pmo = await people.ListRoleHoldersAsync(cancellationToken, Role.Pmo);
        return WarningCards.Alert(episode, RuleText(episode), pmo, time.GetUtcNow(), note);
    }

    public WarningCards.RuleText RuleText(WarningEpisode episode) => new(rules.TitleOf(episode.RuleId), rules.ExplanationOf(episode.RuleId));

    /// <summary>Posts a new warning to the PMO and tells the PM. Returns the copies posted, to update them later.</summary>
    public async Task<IReadOnlyList<AlertCopy>> PostAsync(WarningEpisode episode, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(episode);
        var rule = RuleText(episode);
        var key = AlertKey(episode.Id);
        var posted = await notifier.NotifyAsync(key, WarningCards.AlertText(episode, rule), await CardAsync(episode, cancellationToken), cancellationToken);
        await outbox.EnqueueAsync(
            new DeliveryRequest(ManagerNoteKey(episode.Id), DeliveryTarget.PersonalChat(episode.ManagerKey), WarningCards.ManagerNoteText(episode, rule), WarningCards.ManagerNote(episode, rule)),
            cancellationToken);
        return posted.Select(record => new AlertCopy(record.IdempotencyKey[(key.Length + 1)..], record.Target.Kind, record.Target.Key)).ToList();
    }

    /// <summary>Updates every posted copy of the card to the episode's current version.</summary>
    public async Task UpdateAsync(WarningEpisode episode, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(episode);
        if (episode.Copies.Count == 0)
        {
            return;
        }

        var card = await CardAsync(episode, cancellationToken);
        var text = WarningCards.AlertText(episode, RuleText(episode));
        var key = AlertKey(episode.Id);
        foreach (var copy in episode.Copies)
        {
            var original = $"{key}|{copy.Suffix}";
            await outbox.EnqueueAsync(
                new DeliveryRequest($"{original}|v{episode.Version}", new DeliveryTarget(copy.Kind, copy.TargetKey), text, card, Replaces: original),
                cancellationToken);
        }
    }
}
