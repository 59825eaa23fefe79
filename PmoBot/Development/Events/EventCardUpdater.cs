using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using PmoBot.Delivery;
using PmoBot.Storage;

namespace PmoBot.Development.Events;

/// <summary>
/// Keeps each channel card's counts current without rewriting it per press. A press only marks its event changed;
/// every <see cref="EventsOptions.CardUpdateTick"/> the changed events' cards are updated in place through the outbox
/// (<see cref="DeliveryRequest.Replaces"/>) with the latest counts, at most once per
/// <see cref="EventsOptions.CardUpdateInterval"/> per card, and only after the previous update of that card was sent,
/// so updates never overtake each other. The claim on the post row makes one instance send each update; a periodic
/// sweep catches changes made on another instance or left by a crash.
/// </summary>
public sealed partial class EventCardUpdater(
    EventStore events,
    RegistrationStore registrations,
    EventPostStore posts,
    Outbox outbox,
    StorageReadiness readiness,
    IOptions<EventsOptions> options,
    TimeProvider time,
    ILogger<EventCardUpdater> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<string, byte> changed = new(StringComparer.Ordinal);

    public void MarkChanged(string eventId) => changed[eventId] = 0;

    /// <summary>Updates the cards of every event marked changed that may be updated now; those that must wait stay marked.</summary>
    public async Task<int> UpdateChangedAsync(CancellationToken cancellationToken)
    {
        var updates = 0;
        foreach (var eventId in changed.Keys)
        {
            changed.TryRemove(eventId, out _);
            try
            {
                var (sent, pending) = await UpdateAsync(eventId, cancellationToken);
                updates += sent;
                if (pending)
                {
                    changed[eventId] = 0;
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                changed[eventId] = 0;
                LogFailed(ex, eventId);
            }
        }

        return updates;
    }

    /// <summary>Marks every upcoming event changed, so a card behind its counts is brought up to date at the next tick.</summary>
    public async Task SweepAsync(CancellationToken cancellationToken)
    {
        foreach (var learningEvent in await events.ListUpcomingAsync(time.GetUtcNow() - TimeSpan.FromDays(1), cancellationToken))
        {
            MarkChanged(learningEvent.Id);
        }
    }

    /// <returns>How many updates were enqueued, and whether some card still has to be updated later.</returns>
    public async Task<(int Sent, bool Pending)> UpdateAsync(string eventId, CancellationToken cancellationToken)
    {
        var learningEvent = await events.GetAsync(eventId, cancellationToken);
        if (learningEvent is null)
        {
            return (0, false);
        }

        var counts = (await registrations.GetCountsAsync(eventId, cancellationToken))?.Counts ?? RegistrationCounts.Empty;
        var now = time.GetUtcNow();
        var interval = options.Value.CardUpdateInterval;
        var sent = 0;
        var pending = false;
        foreach (var post in await posts.ListAsync(eventId, cancellationToken))
        {
            if (post.LastUpdateKey is { } lastKey && await outbox.FindAsync(lastKey, cancellationToken) is null)
            {
                // Claimed but never enqueued (the instance died in between): enqueue it now, with the latest counts.
                await EnqueueAsync(learningEvent, counts, post, lastKey, now, cancellationToken);
                sent++;
                continue;
            }

            if (post.ShownVersion >= counts.Version)
            {
                continue;
            }

            if (post.LastUpdatedAt is { } at && now - at < interval)
            {
                pending = true;
                continue;
            }

            var original = await outbox.FindAsync(post.DeliveryKey, cancellationToken);
            if (original is not { Status: DeliveryStatus.Sent })
            {
                // Not posted yet (an update now would post a second card) or never posted (nothing to update).
                pending |= original is { IsFinal: false };
                continue;
            }

            if (post.LastUpdateKey is { } previous && await outbox.FindAsync(previous, cancellationToken) is { IsFinal: false })
            {
                pending = true;
                continue;
            }

            var key = $"{post.DeliveryKey}|v{counts.Version}";
            if (await posts.TryClaimUpdateAsync(post, counts.Version, key, now, cancellationToken))
            {
                await EnqueueAsync(learningEvent, counts, post, key, now, cancellationToken);
                sent++;
            }
            else
            {
                pending = true;
            }
        }

        return (sent, pending);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.BackgroundEnabled)
        {
            return;
        }

        try
        {
            await readiness.WaitAsync(stoppingToken);
            // The first sweep waits one interval: a restart catches up within it, and a short-lived host never sweeps.
            var nextSweep = time.GetUtcNow() + settings.CardSweepInterval;
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    if (time.GetUtcNow() >= nextSweep)
                    {
                        nextSweep = time.GetUtcNow() + settings.CardSweepInterval;
                        await SweepAsync(stoppingToken);
                    }

                    await UpdateChangedAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    LogTickFailed(ex);
                }

                await Task.Delay(settings.CardUpdateTick, time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping.
        }
    }

    private Task<DeliveryRecord> EnqueueAsync(LearningEvent learningEvent, RegistrationCounts counts, EventPost post, string key, DateTimeOffset now, CancellationToken cancellationToken) =>
        outbox.EnqueueAsync(
            new DeliveryRequest(key, DeliveryTarget.Channel(post.ChannelKey), EventPoster.Summary(learningEvent), EventCards.Shared(learningEvent, counts, now), Replaces: post.DeliveryKey),
            cancellationToken);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The cards of event {EventId} could not be updated; trying again at the next tick")]
    private partial void LogFailed(Exception exception, string eventId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Event card updates failed; trying again at the next tick")]
    private partial void LogTickFailed(Exception exception);
}
