using System.Globalization;
using Azure;
using Azure.Data.Tables;
using PmoBot.Storage;

namespace PmoBot.Delivery;

public sealed record DeliveryLogEntry(string IdempotencyKey, string Target, DeliveryStatus Status, int Attempts, int? StatusCode, string? Reason, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>
/// Table <c>DeliveryLog</c>: PartitionKey = UTC day the delivery was requested (<c>yyyyMMdd</c>), RowKey =
/// idempotency key. Serves <c>delivery status</c> ("the last day": two partition queries) without scanning
/// every delivery ever made; a row mirrors its delivery's latest status.
/// </summary>
public sealed class DeliveryLogStore(TableServiceClient service)
{
    public const string TableName = "DeliveryLog";

    private readonly TableClient table = service.GetTableClient(TableName);

    public Task RecordAsync(DeliveryRecord record, CancellationToken cancellationToken) =>
        table.UpsertEntityAsync(
            new TableEntity(DayOf(record.CreatedAt), TableKey.Escape(record.IdempotencyKey))
            {
                ["IdempotencyKey"] = record.IdempotencyKey,
                ["Target"] = record.Target.ToString(),
                ["Status"] = record.Status.ToString(),
                ["Attempts"] = record.Attempts,
                ["StatusCode"] = record.LastStatusCode,
                ["Reason"] = record.LastError,
                ["CreatedAt"] = record.CreatedAt,
                ["UpdatedAt"] = record.UpdatedAt,
            },
            TableUpdateMode.Replace,
            cancellationToken);

    /// <summary>Deliveries requested since <paramref name="since"/> (at most two days' partitions are read).</summary>
    public async Task<IReadOnlyList<DeliveryLogEntry>> ListSinceAsync(DateTimeOffset since, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var entries = new List<DeliveryLogEntry>();
        for (var day = since.UtcDateTime.Date; day <= now.UtcDateTime.Date; day = day.AddDays(1))
        {
            var partition = DayOf(day);
            var filter = TableClient.CreateQueryFilter<TableEntity>(e => e.PartitionKey == partition);
            await foreach (var e in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
            {
                var createdAt = e.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.MinValue;
                if (createdAt >= since)
                {
                    entries.Add(new DeliveryLogEntry(
                        e.GetString("IdempotencyKey"),
                        e.GetString("Target"),
                        Enum.Parse<DeliveryStatus>(e.GetString("Status")),
                        e.GetInt32("Attempts") ?? 0,
                        e.GetInt32("StatusCode"),
                        e.GetString("Reason"),
                        createdAt,
                        e.GetDateTimeOffset("UpdatedAt") ?? createdAt));
                }
            }
        }

        return entries;
    }

    private static string DayOf(DateTimeOffset at) => at.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
}
