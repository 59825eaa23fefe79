using System.Globalization;
using Azure;
using Azure.Data.Tables;
using PmoBot.Storage;

namespace PmoBot.Conversations;

/// <summary>
/// Table <c>ProcessedActivities</c>: PartitionKey = the activity's UTC day and one of <see cref="Buckets"/> buckets
/// of its conversation (<c>yyyyMMdd-07</c>), RowKey = conversation id + activity id. Teams redelivers an activity
/// when the bot is slow to answer; claiming the id first makes the second delivery a no-op on every bot instance.
/// The buckets spread a busy day's claims over several partitions (one partition per day was a hot spot), while
/// one conversation's claims stay together: a thousand presses on one channel card queue for the same partition and
/// are inserted in groups, one entity-group transaction each. Old days still drop a partition range at a time.
/// </summary>
public sealed class ProcessedActivityStore
{
    public const string TableName = "ProcessedActivities";

    /// <summary>Partitions per day.</summary>
    public const int Buckets = 16;

    private readonly TableClient table;
    private readonly GroupCommitter<string, bool> claims;

    public ProcessedActivityStore(TableServiceClient service)
    {
        table = service.GetTableClient(TableName);
        claims = new GroupCommitter<string, bool>(InsertGroupAsync);
    }

    /// <returns>False when another delivery of the same activity already claimed it.</returns>
    public Task<bool> TryClaimAsync(string conversationId, string activityId, DateTimeOffset sentAt, CancellationToken cancellationToken) =>
        claims.EnqueueAsync(PartitionKeyFor(conversationId, sentAt), RowKeyFor(conversationId, activityId), cancellationToken);

    /// <summary>
    /// Inserts a group's claims in one transaction. A claim that exists fails the whole transaction and is named by
    /// its index: that one is a duplicate, and the rest are tried again without it. The second of two deliveries in
    /// the same group is a duplicate without asking.
    /// </summary>
    private async Task<IReadOnlyList<bool>> InsertGroupAsync(string partitionKey, IReadOnlyList<string> rowKeys)
    {
        var claimed = new bool[rowKeys.Count];
        var first = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < rowKeys.Count; i++)
        {
            first.TryAdd(rowKeys[i], i);
        }

        var remaining = first.Values.Order().ToList();
        if (remaining.Count == 1)
        {
            // One claim alone (a person's chat, a quiet moment): a plain insert is lighter than a transaction of one.
            claimed[remaining[0]] = await table.TryAddAsync(new TableEntity(partitionKey, rowKeys[remaining[0]]), CancellationToken.None);
            return claimed;
        }

        while (remaining.Count > 0)
        {
            try
            {
                await table.SubmitTransactionAsync(remaining.Select(i => new TableTransactionAction(TableTransactionActionType.Add, new TableEntity(partitionKey, rowKeys[i]))), CancellationToken.None);
                foreach (var i in remaining)
                {
                    claimed[i] = true;
                }

                return claimed;
            }
            catch (TableTransactionFailedException ex) when (ex.Status == 409 && ex.FailedTransactionActionIndex is { } failed && failed < remaining.Count)
            {
                remaining.RemoveAt(failed);
            }
        }

        return claimed;
    }

    /// <summary>Gives a claim back when handling failed, so Teams' retry of the activity is handled rather than dropped.</summary>
    public Task ReleaseAsync(string conversationId, string activityId, DateTimeOffset sentAt, CancellationToken cancellationToken) =>
        table.DeleteIfExistsAsync(PartitionKeyFor(conversationId, sentAt), RowKeyFor(conversationId, activityId), cancellationToken);

    public static string PartitionKeyFor(string conversationId, DateTimeOffset sentAt) =>
        $"{sentAt.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture)}-{BucketOf(conversationId).ToString("D2", CultureInfo.InvariantCulture)}";

    /// <summary>The same bucket for a conversation on every instance and after every restart (string hash codes differ per process).</summary>
    private static int BucketOf(string conversationId)
    {
        var hash = 2166136261u;
        foreach (var c in conversationId)
        {
            hash = unchecked((hash ^ c) * 16777619u);
        }

        return (int)(hash % Buckets);
    }

    private static string RowKeyFor(string conversationId, string activityId) => TableKey.Escape($"{conversationId}|{activityId}");
}
