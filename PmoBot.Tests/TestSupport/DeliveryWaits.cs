using PmoBot.Delivery;

namespace PmoBot.Tests.TestSupport;

/// <summary>
/// Waiting for the outbox's record of a send. Teams (the stand-in connector) has the message a moment before the sender
/// records it as sent, so a test that saw the message arrive still waits for the record.
/// </summary>
public static class DeliveryWaits
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    public static Task<DeliveryRecord> WaitForSentAsync(this DeliveryStore deliveries, string key) =>
        WaitForAsync(deliveries, key, DeliveryStatus.Sent, "was not sent");

    /// <summary>Waits until the outbox has given up on a send (Failed), as it does for someone who never opened PmoBot.</summary>
    public static Task<DeliveryRecord> WaitForFailedAsync(this DeliveryStore deliveries, string key) =>
        WaitForAsync(deliveries, key, DeliveryStatus.Failed, "did not fail");

    private static async Task<DeliveryRecord> WaitForAsync(DeliveryStore deliveries, string key, DeliveryStatus status, string otherwise)
    {
        ArgumentNullException.ThrowIfNull(deliveries);
        var deadline = DateTime.UtcNow + Patience;
        DeliveryRecord? record;
        while ((record = await deliveries.GetAsync(key, CancellationToken.None))?.Status != status && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.True(record?.Status == status, $"{key} {otherwise}: {record?.Status} {record?.LastError}");
        return record!;
    }
}
