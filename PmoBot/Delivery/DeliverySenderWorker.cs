using System.Threading.Channels;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.Options;
using PmoBot.Storage;

namespace PmoBot.Delivery;

/// <summary>
/// Sender loops that drain the outbox. Every bot instance may run them against the same queue: the queue's
/// visibility timeout hands each message to one receiver at a time, and the delivery lease settles the rest.
/// Receiving and settling messages run apart from sending: a receive loop keeps a few seconds of work in hand and
/// settle loops delete or hide messages in the background, so a slow or paused queue does not stop the senders
/// while the delivery records can still be written. A message that must wait briefly is parked in the process
/// (<see cref="ParkedMessages"/>) rather than hidden behind the prefetched work.
/// The instance joins the instance table (<see cref="SenderInstances"/>) before it sends, beats while it runs and
/// leaves it when it stops, so the instances alive share the app's rate and a dead one's work is handed back.
/// </summary>
public sealed partial class DeliverySenderWorker(
    OutboxQueues queues,
    DeliveryProcessor processor,
    TeamsRateLimiter limiter,
    SenderInstances instances,
    StorageReadiness readiness,
    IOptions<DeliveryOptions> options,
    TimeProvider time,
    ILogger<DeliverySenderWorker> logger) : BackgroundService
{
    private const int MaxReceiveBatch = 32;
    private const int SettleLoops = 4;
    private static readonly TimeSpan SettleOnStopTimeout = TimeSpan.FromSeconds(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.SendersEnabled)
        {
            return;
        }

        await readiness.WaitAsync(stoppingToken);
        await instances.JoinAsync(stoppingToken);

        // Beats until every send of this instance has ended, which may be after the stop was asked for.
        using var beating = new CancellationTokenSource();
        var heartbeat = instances.RunAsync(beating.Token);
        var received = Channel.CreateBounded<QueueMessage>(new BoundedChannelOptions(settings.PrefetchCount) { SingleWriter = true });
        using var parked = new ParkedMessages(time);
        var settling = Channel.CreateUnbounded<(QueueMessage Message, QueueSettlement Settlement)>();
        var settlers = Enumerable.Range(0, SettleLoops).Select(_ => SettleLoopAsync(settling.Reader)).ToList();
        try
        {
            var senders = Enumerable.Range(0, settings.Senders).Select(_ => SendLoopAsync(received.Reader, parked, settling.Writer, stoppingToken));
            await Task.WhenAll(senders.Append(ReceiveLoopAsync(received, parked, settling.Writer, settings, stoppingToken)));
        }
        finally
        {
            // Messages received but not started go back to the queue now rather than when their visibility runs out.
            foreach (var message in parked.TakeAll())
            {
                settling.Writer.TryWrite((message, QueueSettlement.Release));
            }

            while (received.Reader.TryRead(out var message))
            {
                settling.Writer.TryWrite((message, QueueSettlement.Release));
            }

            settling.Writer.Complete();
            await Task.WhenAny(Task.WhenAll(settlers), Task.Delay(SettleOnStopTimeout, time, CancellationToken.None));
            await beating.CancelAsync();
            await heartbeat;
            await instances.LeaveAsync(CancellationToken.None);
        }
    }

    private async Task ReceiveLoopAsync(
        Channel<QueueMessage> channel,
        ParkedMessages parked,
        ChannelWriter<(QueueMessage, QueueSettlement)> settling,
        DeliveryOptions settings,
        CancellationToken stoppingToken)
    {
        var received = channel.Writer;
        var batch = Math.Min(MaxReceiveBatch, settings.PrefetchCount);
        var inHand = new Queue<QueueMessage>();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    // The channel holds the app's whole rate for when this instance is alone; sharing the rate, it
                    // keeps only its share's worth received, so that little is stranded if it dies and no instance
                    // holds more work than its share lets it send. Messages parked for the app's pace or a retry are
                    // held work too (an app-wide 429 would otherwise draw the whole queue here); those lined up for a
                    // busy conversation are not, so that one busy channel does not stop the others being received.
                    var room = ShareOfPrefetch(settings) - channel.Reader.Count - parked.WaitingAlone;
                    if (room <= 0)
                    {
                        await Task.Delay(settings.IdlePollInterval, time, stoppingToken);
                        continue;
                    }

                    var messages = await queues.ReceiveAsync(Math.Min(batch, room), settings.VisibilityTimeout, stoppingToken);
                    foreach (var message in messages)
                    {
                        inHand.Enqueue(message);
                    }

                    if (messages.Count > 0)
                    {
                        await instances.TrackReceivedAsync(messages, stoppingToken);
                    }

                    if (inHand.Count == 0)
                    {
                        await Task.Delay(settings.IdlePollInterval, time, stoppingToken);
                        continue;
                    }

                    while (inHand.TryPeek(out var next))
                    {
                        // Waits while the senders already hold a full prefetch; the message stays hidden meanwhile.
                        await received.WriteAsync(next, stoppingToken);
                        inHand.Dequeue();
                    }
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    LogReceiveError(ex);
                    await Task.Delay(settings.IdlePollInterval, time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            while (inHand.TryDequeue(out var unstarted))
            {
                settling.TryWrite((unstarted, QueueSettlement.Release));
            }
        }
    }

    private async Task SendLoopAsync(
        ChannelReader<QueueMessage> received,
        ParkedMessages parked,
        ChannelWriter<(QueueMessage, QueueSettlement)> settling,
        CancellationToken stoppingToken)
    {
        try
        {
            while (true)
            {
                if (!parked.Due.TryRead(out var next))
                {
                    if (!received.TryRead(out var fresh))
                    {
                        await Task.WhenAny(parked.Due.WaitToReadAsync(stoppingToken).AsTask(), received.WaitToReadAsync(stoppingToken).AsTask());
                        stoppingToken.ThrowIfCancellationRequested();
                        continue;
                    }

                    next = new DueMessage(fresh, null);
                }

                var message = next.Message;
                try
                {
                    var verdict = await processor.HandleAsync(message, stoppingToken);
                    var handled = verdict.Message ?? message;
                    if (verdict.Settlement.Kind != SettlementKind.Hide || !parked.TryPark(handled, verdict.Settlement.Delay, verdict.BusyConversation))
                    {
                        settling.TryWrite((handled, verdict.Settlement));
                    }
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    // Stopped before the lease (after it, a send runs to the end): nothing was sent, so give it back.
                    settling.TryWrite((message, QueueSettlement.Release));
                    throw;
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    // The message stays in the queue and reappears after its visibility timeout.
                    LogMessageError(ex, message.MessageId);
                }
                finally
                {
                    if (next.Conversation is { } conversation)
                    {
                        parked.Handled(conversation, limiter.EstimateWait(conversation).ForConversation);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>This instance's share of the app's rate, for <see cref="DeliveryOptions.Prefetch"/>.</summary>
    private int ShareOfPrefetch(DeliveryOptions settings) =>
        Math.Max(settings.Senders, (int)Math.Ceiling(limiter.GlobalPerSecond * settings.Prefetch.TotalSeconds));

    private async Task SettleLoopAsync(ChannelReader<(QueueMessage Message, QueueSettlement Settlement)> settling)
    {
        await foreach (var (message, settlement) in settling.ReadAllAsync())
        {
            try
            {
                await queues.SettleAsync(message, settlement, CancellationToken.None);
            }
            catch (Exception ex)
            {
                // Unsettled, the message reappears after its visibility timeout and its record decides again.
                LogSettleError(ex, message.MessageId, settlement.Kind);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox sender failed to read the queue; retrying")]
    private partial void LogReceiveError(Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox message {MessageId} could not be processed; it will reappear")]
    private partial void LogMessageError(Exception exception, string messageId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox message {MessageId} could not be settled ({Settlement}); it will reappear and be settled then")]
    private partial void LogSettleError(Exception exception, string messageId, SettlementKind settlement);
}
