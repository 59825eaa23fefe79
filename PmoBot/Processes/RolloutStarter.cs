namespace PmoBot.Processes;

/// <summary>What starting a rollout did.</summary>
public sealed record RolloutStart(Rollout Rollout, bool Started, IReadOnlyList<Rollout> Closed);

/// <summary>
/// Starts the rollout of a version that needs acknowledgement: one row per person (Pending), then the rollout row;
/// the previous rollouts of the same process close (their acknowledgements stay, no more reminders), and the rollout
/// worker is woken to send the personal cards and the announcements through the outbox.
/// </summary>
public sealed class RolloutStarter(RolloutStore store, IRolloutSignal signal, TimeProvider time)
{
    public async Task<RolloutStart> StartAsync(ProcessDefinition process, ProcessVersion version, IReadOnlyList<RolloutMember> members, CancellationToken cancellationToken)
    {
        var rollout = RolloutOf(process, version, members.Count);
        var people = members.Select(m => new Acknowledgement(m.UserKey, m.Name, m.BusinessUnits, AcknowledgementState.Pending)).ToList();
        var started = await store.StartAsync(rollout, people, cancellationToken);
        var now = time.GetUtcNow();
        var closed = new List<Rollout>();
        foreach (var older in (await store.ListForProcessAsync(process.Key, cancellationToken)).Where(r => r.IsOpen && r.Version < version.Number))
        {
            if (await store.UpdateAsync(older.ProcessKey, older.Version, r => r.IsOpen ? r with { ClosedAt = now, CloseReason = $"superseded by version {version.Number}" } : null, cancellationToken) is { } done)
            {
                closed.Add(done);
            }
        }

        signal.RolloutsChanged();
        return new RolloutStart(started ? rollout : await store.GetAsync(process.Key, version.Number, cancellationToken) ?? rollout, started, closed);
    }

    /// <summary>The rollout of a version that needs acknowledgement, to <paramref name="people"/> people, as it starts.</summary>
    public static Rollout RolloutOf(ProcessDefinition process, ProcessVersion version, int people)
    {
        var plan = version.Rollout ?? throw new ArgumentException("The version has no rollout plan.", nameof(version));
        return new Rollout(process.Key, process.Name, version.Number, process.DocumentUrl, version.WhatChanged, version.EffectiveDate, plan.Audience, plan.DueDate, plan.Channels, people, version.Published);
    }
}

/// <summary>Wakes the rollout worker (new rollout, new reminder round) and tells read receipts the open rollouts changed.</summary>
public interface IRolloutSignal
{
    void RolloutsChanged();
}
