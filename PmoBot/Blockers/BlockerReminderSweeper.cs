using PmoBot.Delivery;
using PmoBot.Storage;

namespace PmoBot.Blockers;

/// <summary>
/// Hourly: an owner who is not the PM is reminded, once per due date, when their item's date has passed (a new date
/// set with "Still open" gets its own reminder). The outbox key makes a second instance or a second sweep send nothing more.
/// </summary>
public sealed partial class BlockerReminderSweeper(
    BlockerRegister register,
    Outbox outbox,
    StorageReadiness readiness,
    TimeProvider time,
    ILogger<BlockerReminderSweeper> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    /// <summary>One sweep; returns how many reminders were queued (or found queued already).</summary>
    public async Task<int> SweepOnceAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var reminded = 0;
        foreach (var blocker in (await register.OpenAsync(cancellationToken)).Where(b => b.IsPastDue(today)))
        {
            var manager = await register.ManagerOfAsync(blocker, cancellationToken);
            if (manager is null || string.Equals(manager, blocker.OwnerKey, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            await outbox.EnqueueAsync(
                new DeliveryRequest(
                    $"blocker-due|{blocker.ProjectCode}|{blocker.Id}|{blocker.OwnerKey}|{blocker.DueDate:yyyy-MM-dd}",
                    DeliveryTarget.PersonalChat(blocker.OwnerKey),
                    $"Past its date: {blocker.ProjectCode} {blocker.KindText}: {blocker.Text}",
                    BlockerCards.ForOwner(blocker, now, "Its date has passed: mark it done, set a new date, ask for help or hand it on.")),
                cancellationToken);
            reminded++;
        }

        return reminded;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await readiness.WaitAsync(stoppingToken);
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await SweepOnceAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogSweepFailed(ex);
                }

                await Task.Delay(Interval, time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Blocker due-date reminders could not be swept; retrying in an hour")]
    private partial void LogSweepFailed(Exception exception);
}
