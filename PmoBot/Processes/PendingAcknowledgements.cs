using PmoBot.People;

namespace PmoBot.Processes;

/// <summary>
/// The process versions a person has still to acknowledge: the open rollouts (one small partition) and the person's
/// row in each (a point read). Their card may never have reached them (sent before they opened PmoBot), so the
/// welcome names them and <c>process ‹name›</c> gives them the card to confirm on.
/// </summary>
public sealed class PendingAcknowledgements(RolloutStore rollouts, TimeProvider time)
{
    public async Task<IReadOnlyList<Rollout>> OfAsync(string userKey, CancellationToken cancellationToken)
    {
        var open = await rollouts.ListOpenAsync(cancellationToken);
        var rows = await Task.WhenAll(open.Select(r => rollouts.GetPersonAsync(r.ProcessKey, r.Version, userKey, cancellationToken)));
        return [.. open.Where((_, i) => rows[i] is { IsAcknowledged: false }).OrderBy(r => r.DueDate).ThenBy(r => r.ProcessName, StringComparer.OrdinalIgnoreCase)];
    }

    /// <summary>The process's open rollout the person has not acknowledged, if any: its rollouts (a key range) and their row.</summary>
    public async Task<Rollout?> OfProcessAsync(string userKey, string processKey, CancellationToken cancellationToken)
    {
        var open = (await rollouts.ListForProcessAsync(processKey, cancellationToken)).FirstOrDefault(r => r.IsOpen);
        return open is not null && await rollouts.GetPersonAsync(open.ProcessKey, open.Version, userKey, cancellationToken) is { IsAcknowledged: false } ? open : null;
    }

    public bool IsOverdue(Rollout rollout) => time.GetUtcNow() >= rollout.DueAt;

    /// <summary>The person's card for a rollout they have not acknowledged: the overdue one once its date has passed.</summary>
    public RolloutCard CardFor(Rollout rollout) => IsOverdue(rollout) ? RolloutCard.Overdue : RolloutCard.First;
}

/// <summary>On the welcome: the process versions waiting for the person's acknowledgement, and how to confirm them.</summary>
public sealed class RolloutWelcomeNote(PendingAcknowledgements pending) : IWelcomeNote
{
    public async Task<string?> NoteAsync(PmoUser person, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(person);
        var waiting = await pending.OfAsync(person.UserKey, cancellationToken);
        if (waiting.Count == 0)
        {
            return null;
        }

        var each = string.Join("; ", waiting.Select(r => $"**{r.Title}** ({(pending.IsOverdue(r) ? "overdue since" : "by")} {ProcessText.Date(r.DueDate)})"));
        return $"Process updates for you to read and confirm: {each}. Type **{ProcessCommands.ShowCommand} {waiting[0].ProcessName}** to read {(waiting.Count == 1 ? "it" : "the first")} and confirm.";
    }
}
