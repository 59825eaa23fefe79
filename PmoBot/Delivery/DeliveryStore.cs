using System.Text.Json.Nodes;
using Azure;
using Azure.Data.Tables;
using PmoBot.Conversations;
using PmoBot.Storage;

namespace PmoBot.Delivery;

/// <summary>A delivery record as stored: its ETag guards the next write, so two senders cannot both lease it.</summary>
public sealed record StoredDelivery(DeliveryRecord Record, ETag ETag);

/// <summary>
/// Table <c>Deliveries</c>: PartitionKey = idempotency key, RowKey = <c>delivery</c>. The record that turns an
/// at-least-once queue into an exactly-once effect: a sender must win an ETag-guarded lease on it before
/// sending, and a delivery already sent is never sent again.
/// </summary>
public sealed class DeliveryStore(TableServiceClient service)
{
    public const string TableName = "Deliveries";
    private const string Row = "delivery";

    private readonly TableClient table = service.GetTableClient(TableName);

    /// <returns>The stored record, and whether this call created it (false: the key was requested before).</returns>
    public async Task<(DeliveryRecord Record, bool Created)> CreateAsync(DeliveryRecord record, CancellationToken cancellationToken)
    {
        try
        {
            await table.AddEntityAsync(DeliveryEntity.From(record), cancellationToken);
            return (record, true);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            var existing = await GetAsync(record.IdempotencyKey, cancellationToken);
            return (existing ?? record, false);
        }
    }

    public async Task<DeliveryRecord?> GetAsync(string idempotencyKey, CancellationToken cancellationToken) =>
        (await GetStoredAsync(idempotencyKey, cancellationToken))?.Record;

    /// <summary>The record with the ETag that guards its next <see cref="TryReplaceAsync"/>.</summary>
    public async Task<StoredDelivery?> GetStoredAsync(string idempotencyKey, CancellationToken cancellationToken)
    {
        var entity = await GetEntityAsync(idempotencyKey, cancellationToken);
        return entity is null ? null : new StoredDelivery(entity.ToRecord(), entity.ETag);
    }

    /// <summary>
    /// Replaces the record only if it is still as <paramref name="current"/> saw it: one round trip where the
    /// caller already holds the latest version (a sender that has just read it, or has just leased it).
    /// Returns null when anyone changed or removed it since.
    /// </summary>
    public async Task<StoredDelivery?> TryReplaceAsync(StoredDelivery current, DeliveryRecord updated, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(current);
        try
        {
            var response = await table.UpdateEntityAsync(DeliveryEntity.From(updated), current.ETag, TableUpdateMode.Replace, cancellationToken);
            return new StoredDelivery(updated, response.Headers.ETag ?? current.ETag);
        }
        catch (RequestFailedException ex) when (ex.Status is 412 or 404)
        {
            return null;
        }
    }

    /// <summary>
    /// Changes a record only if nobody else changed it since <paramref name="change"/> saw it. Returns null when
    /// another sender got there first (the caller then leaves the delivery to it) or the change declined.
    /// </summary>
    public async Task<DeliveryRecord?> TryUpdateAsync(string idempotencyKey, Func<DeliveryRecord, DeliveryRecord?> change, CancellationToken cancellationToken)
    {
        var current = await GetStoredAsync(idempotencyKey, cancellationToken);
        if (current is null || change(current.Record) is not { } updated)
        {
            return null;
        }

        return (await TryReplaceAsync(current, updated, cancellationToken))?.Record;
    }

    private async Task<DeliveryEntity?> GetEntityAsync(string idempotencyKey, CancellationToken cancellationToken)
    {
        var response = await table.GetEntityIfExistsAsync<DeliveryEntity>(TableKey.Escape(idempotencyKey), Row, cancellationToken: cancellationToken);
        return response.HasValue ? response.Value : null;
    }

    private sealed class DeliveryEntity : ITableEntity
    {
        public string PartitionKey { get; set; } = string.Empty;

        public string RowKey { get; set; } = Row;

        public DateTimeOffset? Timestamp { get; set; }

        public ETag ETag { get; set; }

        public string IdempotencyKey { get; set; } = string.Empty;

        public string TargetKind { get; set; } = string.Empty;

        public string TargetKey { get; set; } = string.Empty;

        public string? Text { get; set; }

        public string? Card { get; set; }

        public string? Replaces { get; set; }

        public string Status { get; set; } = string.Empty;

        public int Attempts { get; set; }

        public DateTimeOffset CreatedAt { get; set; }

        public DateTimeOffset UpdatedAt { get; set; }

        public DateTimeOffset? NextAttemptAt { get; set; }

        public DateTimeOffset? LeaseUntil { get; set; }

        public int? LastStatusCode { get; set; }

        public string? LastError { get; set; }

        public string? ConversationId { get; set; }

        public string? SentActivityId { get; set; }

        public string? StandIn { get; set; }

        public string? LeaseHolder { get; set; }

        public static DeliveryEntity From(DeliveryRecord r) => new()
        {
            PartitionKey = TableKey.Escape(r.IdempotencyKey),
            IdempotencyKey = r.IdempotencyKey,
            TargetKind = r.Target.Kind.ToString(),
            TargetKey = r.Target.Key,
            Text = r.Text,
            Card = r.Card?.ToJsonString(),
            Replaces = r.Replaces,
            Status = r.Status.ToString(),
            Attempts = r.Attempts,
            CreatedAt = r.CreatedAt,
            UpdatedAt = r.UpdatedAt,
            NextAttemptAt = r.NextAttemptAt,
            LeaseUntil = r.LeaseUntil,
            LastStatusCode = r.LastStatusCode,
            LastError = r.LastError,
            ConversationId = r.ConversationId,
            SentActivityId = r.SentActivityId,
            StandIn = r.StandIn,
            LeaseHolder = r.LeaseHolder,
        };

        public DeliveryRecord ToRecord() => new(
            IdempotencyKey,
            new DeliveryTarget(Enum.Parse<ConversationKind>(TargetKind), TargetKey),
            Text,
            Card is null ? null : JsonNode.Parse(Card)!.AsObject(),
            Replaces,
            Enum.Parse<DeliveryStatus>(Status),
            Attempts,
            CreatedAt,
            UpdatedAt,
            NextAttemptAt,
            LeaseUntil,
            LastStatusCode,
            LastError,
            ConversationId,
            SentActivityId,
            StandIn,
            LeaseHolder);
    }
}
