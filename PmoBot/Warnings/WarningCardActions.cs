using PmoBot.Commands;
using PmoBot.People;

namespace PmoBot.Warnings;

/// <summary>
/// What the alert card's buttons share: find the open episode, apply the change (ETag-guarded), update every posted copy
/// through the outbox, and answer with the updated card, which replaces the clicked one in place. A closed or
/// unknown warning is explained and nothing changes.
/// </summary>
public abstract class WarningCardAction(WarningStore store, WarningAlerts alerts, TimeProvider time) : ICardActionHandler
{
    public abstract string Verb { get; }

    public IReadOnlySet<Role> AllowedRoles => Roles.PmoOrAdmin;

    protected TimeProvider Time => time;

    public async Task<Reply> HandleAsync(CardActionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var id = request.Field(WarningCards.WarningField);
        var episode = id is null ? null : await store.GetAsync(id, cancellationToken);
        if (episode is null)
        {
            return Reply.Message("This warning is not one PmoBot has (perhaps from an older card). Nothing was changed; type **warnings** for the open ones.");
        }

        if (episode.Status == WarningStatus.Closed)
        {
            return Reply.WithCard(await alerts.CardAsync(episode, cancellationToken, $"This warning closed ({episode.CloseReason}); nothing was changed."));
        }

        var stamp = new WarningStamp(request.Caller.UserKey, request.Caller.Name, time.GetUtcNow());
        var outcome = await ChangeAsync(episode, request, stamp, cancellationToken);
        if (outcome.Change is null)
        {
            return Reply.WithCard(await alerts.CardAsync(episode, cancellationToken, outcome.Note));
        }

        var updated = await ApplyAsync(store, episode.Id, outcome.Change, cancellationToken);
        if (updated is null)
        {
            var latest = await store.GetAsync(episode.Id, cancellationToken) ?? episode;
            return Reply.WithCard(await alerts.CardAsync(latest, cancellationToken, outcome.Note ?? "Nothing changed: the warning was already like this, or it closed a moment ago."));
        }

        await alerts.UpdateAsync(updated, cancellationToken);
        return Reply.WithCard(await alerts.CardAsync(updated, cancellationToken, outcome.Note));
    }

    /// <summary>Stores the change to the open episode: an update by default (null when it declined or the episode is no longer open).</summary>
    protected virtual Task<WarningEpisode?> ApplyAsync(WarningStore store, string id, Func<WarningEpisode, WarningEpisode?> change, CancellationToken cancellationToken) =>
        store.UpdateOpenAsync(id, change, cancellationToken);

    /// <summary>The change to apply to the stored episode (re-applied if someone else changed it first), or a note why there is none.</summary>
    protected abstract Task<Outcome> ChangeAsync(WarningEpisode episode, CardActionRequest request, WarningStamp stamp, CancellationToken cancellationToken);

    protected sealed record Outcome(Func<WarningEpisode, WarningEpisode?>? Change, string? Note = null);
}

public sealed class WarningAcknowledgeCardAction(WarningStore store, WarningAlerts alerts, TimeProvider time) : WarningCardAction(store, alerts, time)
{
    public override string Verb => WarningCards.AcknowledgeVerb;

    protected override Task<Outcome> ChangeAsync(WarningEpisode episode, CardActionRequest request, WarningStamp stamp, CancellationToken cancellationToken) =>
        Task.FromResult(new Outcome(e => e.Acknowledged is null ? e.Log(stamp, "acknowledged") with { Acknowledged = stamp } : null));
}

public sealed class WarningSnoozeCardAction(WarningStore store, WarningAlerts alerts, Microsoft.Extensions.Options.IOptions<WarningsOptions> options, TimeProvider time)
    : WarningCardAction(store, alerts, time)
{
    public override string Verb => WarningCards.SnoozeVerb;

    protected override Task<Outcome> ChangeAsync(WarningEpisode episode, CardActionRequest request, WarningStamp stamp, CancellationToken cancellationToken)
    {
        var until = stamp.At + options.Value.SnoozeFor;
        return Task.FromResult(new Outcome(e => e.IsSnoozed(stamp.At) ? null : e.Log(stamp, $"snoozed until {WarningText.CardTime(until)}") with { SnoozedUntil = until }));
    }
}

public sealed class WarningAssignCardAction(WarningStore store, WarningAlerts alerts, PeopleDirectory people, TimeProvider time) : WarningCardAction(store, alerts, time)
{
    public override string Verb => WarningCards.AssignVerb;

    protected override async Task<Outcome> ChangeAsync(WarningEpisode episode, CardActionRequest request, WarningStamp stamp, CancellationToken cancellationToken)
    {
        var chosen = request.Field(WarningCards.OwnerField);
        var holder = chosen is null
            ? null
            : (await people.ListRoleHoldersAsync(cancellationToken, Role.Pmo)).FirstOrDefault(h => string.Equals(h.UserKey, chosen, StringComparison.OrdinalIgnoreCase));
        if (holder is null)
        {
            return new Outcome(null, "Choose the owner from the PMO list under **Assign owner**; nothing was changed.");
        }

        var owner = new WarningOwner(holder.UserKey, holder.Name, stamp);
        return new Outcome(e => string.Equals(e.Owner?.UserKey, holder.UserKey, StringComparison.OrdinalIgnoreCase)
            ? null
            : e.Log(stamp, $"assigned to {holder.Name}") with { Owner = owner });
    }
}

/// <summary>
/// <b>Close</b>, on manual warnings only: a rule's warning closes by itself when its signal stops, one raised by hand
/// stays open until the PMO closes it. Every posted copy is updated to the closed card (no more buttons).
/// </summary>
public sealed class WarningCloseCardAction(WarningStore store, WarningAlerts alerts, TimeProvider time) : WarningCardAction(store, alerts, time)
{
    public const string RuleWarningNote =
        "Warnings raised by a rule close by themselves when the signal stops; only warnings raised by hand are closed here. Nothing was changed.";

    public override string Verb => WarningCards.CloseVerb;

    protected override Task<Outcome> ChangeAsync(WarningEpisode episode, CardActionRequest request, WarningStamp stamp, CancellationToken cancellationToken)
    {
        if (!ManualWarning.IsManual(episode.RuleId))
        {
            return Task.FromResult(new Outcome(null, RuleWarningNote));
        }

        var reason = $"closed by {stamp.ByName}";
        return Task.FromResult(new Outcome(e => e.Log(stamp, "closed") with { ClosedAt = stamp.At, CloseReason = reason }));
    }

    protected override Task<WarningEpisode?> ApplyAsync(WarningStore store, string id, Func<WarningEpisode, WarningEpisode?> change, CancellationToken cancellationToken) =>
        store.CloseAsync(id, e => change(e) ?? e, cancellationToken);
}
