using Azure.Storage.Queues.Models;
using Microsoft.Extensions.Options;
using PmoBot.Storage;

namespace PmoBot.Delivery;

/// <summary>
/// Sender loops that drain the outbox. Every bot instance may run them against the same queue: the queue's
/// visibility timeout hands each message to one receiver at a time, and the delivery lease settles the rest.
/// </summary>
public sealed partial class DeliverySenderWorker(
    OutboxQueues queues,
    DeliveryProcessor processor,
    StorageReadiness readiness,
    IOptions<DeliveryOptions> options,
    TimeProvider time,
    ILogger<DeliverySenderWorker> logger) : BackgroundService
{
    private const int BatchSize = 16;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.SendersEnabled)
        {
            return;
        }

        await readiness.WaitAsync(stoppingToken);
        await Task.WhenAll(Enumerable.Range(0, settings.Senders).Select(_ => RunSenderAsync(settings, stoppingToken)));
    }

    private async Task RunSenderAsync(DeliveryOptions settings, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var messages = await queues.ReceiveAsync(BatchSize, settings.VisibilityTimeout, stoppingToken);
                if (messages.Count == 0)
                {
                    await Task.Delay(settings.IdlePollInterval, time, stoppingToken);
                    continue;
                }

                foreach (var message in messages)
                {
                    stoppingToken.ThrowIfCancellationRequested();
                    await ProcessOneAsync(message, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogSenderError(ex);
                await Task.Delay(settings.IdlePollInterval, time, stoppingToken);
            }
        }
    }

    private async Task ProcessOneAsync(QueueMessage message, CancellationToken stoppingToken)
    {
        try
        {
            await processor.ProcessAsync(message, stoppingToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The message stays in the queue and reappears after its visibility timeout.
            LogMessageError(ex, message.MessageId);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox sender failed to read the queue; retrying")]
    private partial void LogSenderError(Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox message {MessageId} could not be processed; it will reappear")]
    private partial void LogMessageError(Exception exception, string messageId);
}
