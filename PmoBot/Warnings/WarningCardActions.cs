using PmoBot.Commands;
using PmoBot.People;
using PmoBot.Projects;

namespace PmoBot.Warnings;

/// <summary>
/// What the warning card's buttons share. A button at the card's foot acts on all the project's open warnings
/// (<see cref="WarningCards.ProjectField"/>); one in a warning's row (or on an older single-warning card) on that one
/// (<see cref="WarningCards.WarningField"/>). Each change is applied to each warning, ETag-guarded; then every copy
/// of the project's card is updated once through the outbox, and the answer is the updated card, which replaces the
/// one pressed. A closed or unknown warning is explained and nothing changes.
/// </summary>
public abstract class WarningCardAction(WarningStore store, WarningAlerts alerts, TimeProvider time) : ICardActionHandler
{
    public const string UnknownMessage = "This warning is not one PmoBot has (perhaps from an older card). Nothing was changed; type **warnings** for the open ones.";

    public abstract string Verb { get; }

    public IReadOnlySet<Role> AllowedRoles => Roles.PmoOrAdmin;

    protected TimeProvider Time => time;

    protected WarningAlerts Alerts => alerts;

    protected WarningStore Store => store;

    public async Task<Reply> HandleAsync(CardActionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (code, targets, refusal) = await TargetsAsync(request, cancellationToken);
        if (code is null)
        {
            return Reply.Message(UnknownMessage);
        }

        if (refusal is not null)
        {
            return Reply.WithCard(await alerts.CardAsync(code, refusal, cancellationToken));
        }

        var stamp = new WarningStamp(request.Caller.UserKey, request.Caller.Name, time.GetUtcNow());
        var outcome = await ChangeAsync(code, targets, request, stamp, cancellationToken);
        if (outcome.Change is null)
        {
            return Reply.WithCard(await alerts.CardAsync(code, outcome.Note, cancellationToken));
        }

        return await ApplyAndRefreshAsync(code, outcome.Only ?? targets, outcome.Change, cancellationToken) == 0
            ? Reply.WithCard(await alerts.CardAsync(code, outcome.WhenUnchanged ?? outcome.Note ?? "Nothing changed: the warnings were already like this, or they closed a moment ago.", cancellationToken))
            : Reply.WithCard(await alerts.CardAsync(code, outcome.Note, cancellationToken));
    }

    /// <summary>
    /// Applies <paramref name="change"/> to each warning (ETag-guarded), then updates every copy of the project's card
    /// once through the outbox if any changed. Returns how many changed.
    /// </summary>
    protected async Task<int> ApplyAndRefreshAsync(string code, IEnumerable<WarningEpisode> targets, Func<WarningEpisode, WarningEpisode?> change, CancellationToken cancellationToken)
    {
        var changed = 0;
        foreach (var target in targets)
        {
            changed += await ApplyAsync(store, target.Id, change, cancellationToken) is null ? 0 : 1;
        }

        if (changed > 0)
        {
            await alerts.RefreshAsync(code, cancellationToken);
        }

        return changed;
    }

    /// <summary>Stores the change to the open episode: an update by default (null when it declined or the episode is no longer open).</summary>
    protected virtual Task<WarningEpisode?> ApplyAsync(WarningStore store, string id, Func<WarningEpisode, WarningEpisode?> change, CancellationToken cancellationToken) =>
        store.UpdateOpenAsync(id, change, cancellationToken);

    /// <summary>
    /// The change to apply to each stored episode (re-applied if someone else changed it first), or a note why there is
    /// none. <paramref name="targets"/> are the open warnings the button is for; <see cref="Outcome.Only"/> narrows them.
    /// </summary>
    protected abstract Task<Outcome> ChangeAsync(string projectCode, IReadOnlyList<WarningEpisode> targets, CardActionRequest request, WarningStamp stamp, CancellationToken cancellationToken);

    /// <param name="WhenUnchanged">The note when <paramref name="Change"/> changed nothing, if not the generic one.</param>
    protected sealed record Outcome(Func<WarningEpisode, WarningEpisode?>? Change, string? Note = null, IReadOnlyList<WarningEpisode>? Only = null, string? WhenUnchanged = null);

    /// <returns>The project (null: nothing PmoBot knows), the open warnings to act on, or why there are none.</returns>
    private async Task<(string? Code, IReadOnlyList<WarningEpisode> Targets, string? Refusal)> TargetsAsync(CardActionRequest request, CancellationToken cancellationToken)
    {
        if (request.Field(WarningCards.WarningField) is { } id)
        {
            var episode = await store.GetAsync(id, cancellationToken);
            return episode switch
            {
                null => (null, [], null),
                { Status: WarningStatus.Closed } => (episode.ProjectCode, [], $"This warning closed ({episode.CloseReason}); nothing was changed."),
                _ => (episode.ProjectCode, [episode], null),
            };
        }

        var code = ProjectText.NormalizeCode(request.Field(WarningCards.ProjectField) ?? string.Empty);
        if (!ProjectText.IsCode(code))
        {
            return (null, [], null);
        }

        var open = await store.ListOpenAsync(code, cancellationToken);
        return open.Count > 0
            ? (code, ProjectWarnings.MostSevereFirst(open), null)
            : (code, [], "No warning on this project is open any more (their signals stopped); nothing was changed.");
    }
}

public sealed class WarningAcknowledgeCardAction(WarningStore store, WarningAlerts alerts, TimeProvider time) : WarningCardAction(store, alerts, time)
{
    public override string Verb => WarningCards.AcknowledgeVerb;

    protected override Task<Outcome> ChangeAsync(string projectCode, IReadOnlyList<WarningEpisode> targets, CardActionRequest request, WarningStamp stamp, CancellationToken cancellationToken) =>
        Task.FromResult(new Outcome(e => e.Acknowledged is null ? e.Log(stamp, "acknowledged") with { Acknowledged = stamp } : null));
}

public sealed class WarningSnoozeCardAction(WarningStore store, WarningAlerts alerts, Microsoft.Extensions.Options.IOptions<WarningsOptions> options, TimeProvider time)
    : WarningCardAction(store, alerts, time)
{
    public override string Verb => WarningCards.SnoozeVerb;

    protected override Task<Outcome> ChangeAsync(string projectCode, IReadOnlyList<WarningEpisode> targets, CardActionRequest request, WarningStamp stamp, CancellationToken cancellationToken)
    {
        var until = stamp.At + options.Value.SnoozeFor;
        return Task.FromResult(new Outcome(e => e.IsSnoozed(stamp.At) ? null : e.Log(stamp, $"snoozed until {WarningText.CardTime(until)}") with { SnoozedUntil = until }));
    }
}

/// <summary><b>Assign</b>: the PMO member chosen owns the follow-up of all the open warnings, or of the one chosen under "For which warnings?".</summary>
public sealed class WarningAssignCardAction(WarningStore store, WarningAlerts alerts, PeopleDirectory people, TimeProvider time) : WarningCardAction(store, alerts, time)
{
    public override string Verb => WarningCards.AssignVerb;

    protected override async Task<Outcome> ChangeAsync(string projectCode, IReadOnlyList<WarningEpisode> targets, CardActionRequest request, WarningStamp stamp, CancellationToken cancellationToken)
    {
        var chosen = request.Field(WarningCards.OwnerField);
        var holder = chosen is null
            ? null
            : (await people.ListRoleHoldersAsync(cancellationToken, Role.Pmo)).FirstOrDefault(h => string.Equals(h.UserKey, chosen, StringComparison.OrdinalIgnoreCase));
        if (holder is null)
        {
            return new Outcome(null, "Choose the owner from the PMO list under **Assign owner**; nothing was changed.");
        }

        var scope = request.Field(WarningCards.ScopeField);
        var only = scope is null || string.Equals(scope, WarningCards.AllWarnings, StringComparison.OrdinalIgnoreCase) ? null : targets.Where(e => e.Id == scope).ToList();
        if (only is { Count: 0 })
        {
            return new Outcome(null, "The warning chosen under **For which warnings?** is no longer open; nothing was changed.");
        }

        var owner = new WarningOwner(holder.UserKey, holder.Name, stamp);
        return new Outcome(
            e => string.Equals(e.Owner?.UserKey, holder.UserKey, StringComparison.OrdinalIgnoreCase) ? null : e.Log(stamp, $"assigned to {holder.Name}") with { Owner = owner },
            Only: only);
    }
}

/// <summary>
/// <b>Close</b>, on manual warnings only: a rule's warning closes by itself when its signal stops, one raised by hand
/// stays open until the PMO closes it. The card then lists it under "Closed since this card was posted".
/// </summary>
public sealed class WarningCloseCardAction(WarningStore store, WarningAlerts alerts, TimeProvider time) : WarningCardAction(store, alerts, time)
{
    public const string RuleWarningNote =
        "Warnings raised by a rule close by themselves when the signal stops; only warnings raised by hand are closed here. Nothing was changed.";

    public override string Verb => WarningCards.CloseVerb;

    protected override Task<Outcome> ChangeAsync(string projectCode, IReadOnlyList<WarningEpisode> targets, CardActionRequest request, WarningStamp stamp, CancellationToken cancellationToken)
    {
        if (targets.Count != 1 || !ManualWarning.IsManual(targets[0].RuleId))
        {
            return Task.FromResult(new Outcome(null, RuleWarningNote));
        }

        var reason = $"closed by {stamp.ByName}";
        return Task.FromResult(new Outcome(e => e.Log(stamp, "closed") with { ClosedAt = stamp.At, CloseReason = reason }));
    }

    protected override Task<WarningEpisode?> ApplyAsync(WarningStore store, string id, Func<WarningEpisode, WarningEpisode?> change, CancellationToken cancellationToken) =>
        store.CloseAsync(id, e => change(e) ?? e, cancellationToken);
}
