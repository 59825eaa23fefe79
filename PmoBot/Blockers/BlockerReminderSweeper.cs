using PmoBot.Delivery;
using PmoBot.Hosting;
using PmoBot.People;

namespace PmoBot.Blockers;

/// <summary>
/// Hourly: an owner who is not the PM is reminded, once per due date, when their item's date has passed on their own
/// calendar (a new date set with "Still open" gets its own reminder). The outbox key makes a second instance or a
/// second sweep send nothing more.
/// </summary>
public sealed class BlockerReminderSweeper(BlockerRegister register, PeopleDirectory people, Outbox outbox, TimeProvider time) : ISweep
{
    public TimeSpan Interval => TimeSpan.FromHours(1);

    public bool Enabled => true;

    public SweepStart Start => SweepStart.AtOnce;

    /// <summary>One sweep; returns how many reminders were queued (or found queued already).</summary>
    public async Task<int> SweepOnceAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        // Every calendar is within a day of UTC's: an item due before UTC's tomorrow may be past due for its owner, and
        // one due before UTC's yesterday is past due for everyone, so only in between is the owner's zone read.
        var utcToday = UserTimeZones.DateAt(now, null);
        var reminded = 0;
        foreach (var blocker in (await register.OpenAsync(cancellationToken)).Where(b => b.IsPastDue(utcToday.AddDays(1))))
        {
            var manager = await register.ManagerOfAsync(blocker, cancellationToken);
            if (manager is null || string.Equals(manager, blocker.OwnerKey, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var ownerToday = blocker.IsPastDue(utcToday.AddDays(-1))
                ? utcToday
                : UserTimeZones.DateAt(now, (await people.GetAsync(blocker.OwnerKey, cancellationToken))?.TimeZone);
            if (!blocker.IsPastDue(ownerToday))
            {
                continue;
            }

            await outbox.EnqueueAsync(
                new DeliveryRequest(
                    $"blocker-due|{blocker.ProjectCode}|{blocker.Id}|{blocker.OwnerKey}|{blocker.DueDate:yyyy-MM-dd}",
                    DeliveryTarget.PersonalChat(blocker.OwnerKey),
                    $"Past its date: {blocker.ProjectCode} {blocker.KindText}: {blocker.Text}",
                    BlockerCards.ForOwner(blocker, now, ownerToday, "Its date has passed: mark it done, set a new date, ask for help or hand it on.")),
                cancellationToken);
            reminded++;
        }

        return reminded;
    }
}
