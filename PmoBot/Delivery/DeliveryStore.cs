using System.Text.Json.Nodes;
using Azure;
using Azure.Data.Tables;
using PmoBot.Conversations;
using PmoBot.Storage;

namespace PmoBot.Delivery;

/// <summary>
/// A delivery record as stored: its ETag guards the next write, so two senders cannot both lease it.
/// <paramref name="LegacyRow"/>: the record is in a row written before the row key was the idempotency key.
/// </summary>
public sealed record StoredDelivery(DeliveryRecord Record, ETag ETag, bool LegacyRow = false);

/// <summary>
/// Table <c>Deliveries</c>: PartitionKey = RowKey = idempotency key. The record that turns an at-least-once queue
/// into an exactly-once effect: a sender must win an ETag-guarded lease on it before sending, and a delivery already
/// sent is never sent again.
/// The row key repeats the partition key rather than being one constant: Azurite (the emulator every developer and
/// the benchmarks run on) finds a row through the row key's index first, so a row key shared by every row made each
/// read and write scan the whole table, slower with every delivery ever made. Records written before that change have
/// the row key <c>delivery</c>; they are still read (after a miss) and written in place, and a new request for the
/// same key finds them, so nothing requested before an upgrade is sent twice.
/// </summary>
public sealed class DeliveryStore(TableServiceClient service)
{
    public const string TableName = "Deliveries";
    private const string LegacyRow = "delivery";

    private readonly TableClient table = service.GetTableClient(TableName);

    /// <returns>The stored record, and whether this call created it (false: the key was requested before).</returns>
    public async Task<(DeliveryRecord Record, bool Created)> CreateAsync(DeliveryRecord record, CancellationToken cancellationToken)
    {
        // Legacy rows are only ever read and removed, never written, so the look for one goes beside the add rather
        // than after it: a round trip less on every message asked for.
        var adding = TryAddAsync(DeliveryEntity.From(record), cancellationToken);
        var legacyRead = GetLegacyAsync(record.IdempotencyKey, cancellationToken);
        await Task.WhenAll(adding, legacyRead);
        if (await adding is not { } added)
        {
            var existing = await GetAsync(record.IdempotencyKey, cancellationToken);
            return (existing ?? record, false);
        }

        if (await legacyRead is { } legacy)
        {
            // Requested before the upgrade: that record decides. Nobody knows the row just added yet (its queue
            // message is sent after this returns), so it goes again.
            await table.DeleteEntityAsync(TableKey.Escape(record.IdempotencyKey), RowOf(record.IdempotencyKey), added.Headers.ETag ?? ETag.All, cancellationToken);
            return (legacy.ToRecord(), false);
        }

        return (record, true);
    }

    public async Task<DeliveryRecord?> GetAsync(string idempotencyKey, CancellationToken cancellationToken) =>
        (await GetStoredAsync(idempotencyKey, cancellationToken))?.Record;

    /// <summary>The record with the ETag that guards its next <see cref="TryReplaceAsync"/>.</summary>
    public async Task<StoredDelivery?> GetStoredAsync(string idempotencyKey, CancellationToken cancellationToken)
    {
        var entity = await GetEntityAsync(idempotencyKey, cancellationToken);
        return entity is null ? null : new StoredDelivery(entity.ToRecord(), entity.ETag, entity.RowKey == LegacyRow);
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
            var entity = DeliveryEntity.From(updated);
            if (current.LegacyRow)
            {
                entity.RowKey = LegacyRow;
            }

            var response = await table.UpdateEntityAsync(entity, current.ETag, TableUpdateMode.Replace, cancellationToken);
            return new StoredDelivery(updated, response.Headers.ETag ?? current.ETag, current.LegacyRow);
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
        var response = await table.GetEntityIfExistsAsync<DeliveryEntity>(TableKey.Escape(idempotencyKey), RowOf(idempotencyKey), cancellationToken: cancellationToken);
        return response.HasValue ? response.Value : await GetLegacyAsync(idempotencyKey, cancellationToken);
    }

    /// <returns>The add's response, or null when the key was requested before (the row exists).</returns>
    private async Task<Response?> TryAddAsync(DeliveryEntity entity, CancellationToken cancellationToken)
    {
        try
        {
            return await table.AddEntityAsync(entity, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return null;
        }
    }

    private async Task<DeliveryEntity?> GetLegacyAsync(string idempotencyKey, CancellationToken cancellationToken)
    {
        var response = await table.GetEntityIfExistsAsync<DeliveryEntity>(TableKey.Escape(idempotencyKey), LegacyRow, cancellationToken: cancellationToken);
        return response.HasValue ? response.Value : null;
    }

    private static string RowOf(string idempotencyKey) => TableKey.Escape(idempotencyKey);

    private sealed class DeliveryEntity : ITableEntity
    {
        public string PartitionKey { get; set; } = string.Empty;

        public string RowKey { get; set; } = string.Empty;

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

        public long? Version { get; set; }

        public long? NewestVersionSent { get; set; }

        public string? UpdateSending { get; set; }

        public static DeliveryEntity From(DeliveryRecord r) => new()
        {
            PartitionKey = TableKey.Escape(r.IdempotencyKey),
            RowKey = RowOf(r.IdempotencyKey),
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
            Version = r.Version,
            NewestVersionSent = r.NewestVersionSent,
            UpdateSending = r.UpdateSending,
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
            LeaseHolder,
            Version,
            NewestVersionSent,
            UpdateSending);
    }
}
