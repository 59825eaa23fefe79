using System.Globalization;
using Azure;
using Azure.Data.Tables;
using PmoBot.Storage;

namespace PmoBot.Conversations;

/// <summary>
/// Table <c>ProcessedActivities</c>: PartitionKey = the activity's UTC day (<c>yyyyMMdd</c>), RowKey =
/// conversation id + activity id. Teams redelivers an activity when the bot is slow to answer; claiming the
/// id first makes the second delivery a no-op on every bot instance. A day per partition lets old claims be
/// dropped a partition at a time.
/// </summary>
public sealed class ProcessedActivityStore(TableServiceClient service)
{
    public const string TableName = "ProcessedActivities";

    private readonly TableClient table = service.GetTableClient(TableName);

    /// <returns>False when another delivery of the same activity already claimed it.</returns>
    public async Task<bool> TryClaimAsync(string conversationId, string activityId, DateTimeOffset sentAt, CancellationToken cancellationToken)
    {
        try
        {
            await table.AddEntityAsync(new TableEntity(PartitionKeyFor(sentAt), RowKeyFor(conversationId, activityId)), cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return false;
        }
    }

    /// <summary>Gives a claim back when handling failed, so Teams' retry of the activity is handled rather than dropped.</summary>
    public Task ReleaseAsync(string conversationId, string activityId, DateTimeOffset sentAt, CancellationToken cancellationToken) =>
        table.DeleteIfExistsAsync(PartitionKeyFor(sentAt), RowKeyFor(conversationId, activityId), cancellationToken);

    private static string PartitionKeyFor(DateTimeOffset sentAt) => sentAt.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    private static string RowKeyFor(string conversationId, string activityId) => TableKey.Escape($"{conversationId}|{activityId}");
}
