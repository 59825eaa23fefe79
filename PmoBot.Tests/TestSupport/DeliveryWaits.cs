using PmoBot.Delivery;

namespace PmoBot.Tests.TestSupport;

/// <summary>
/// Waiting for the outbox's record of a send. Teams (the stand-in connector) has the message a moment before the sender
/// records it as sent, so a test that saw the message arrive still waits for the record.
/// </summary>
public static class DeliveryWaits
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    public static async Task<DeliveryRecord> WaitForSentAsync(this DeliveryStore deliveries, string key)
    {
        ArgumentNullException.ThrowIfNull(deliveries);
        var deadline = DateTime.UtcNow + Patience;
        DeliveryRecord? record;
        while ((record = await deliveries.GetAsync(key, CancellationToken.None)) is not { Status: DeliveryStatus.Sent } && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.True(record is { Status: DeliveryStatus.Sent }, $"{key} was not sent: {record?.Status} {record?.LastError}");
        return record!;
    }
}
