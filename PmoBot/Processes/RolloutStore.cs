using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using PmoBot.Storage;

namespace PmoBot.Processes;

/// <summary>An acknowledgement row after a change: where it stands now, and whether this call changed it.</summary>
public sealed record AcknowledgementChange(Acknowledgement Current, bool Changed);

/// <summary>
/// Table <c>ProcessRollouts</c>, two kinds of partition:
/// <list type="bullet">
/// <item>PartitionKey <c>rollouts</c>, RowKey <c>{process key}|{version, six digits}</c>: one row per rollout. The open
/// ones are read by the rollout worker and by read receipts (one small partition); a process's rollouts are a key
/// range of it.</item>
/// <item>PartitionKey <c>{process key}|v{version, six digits}</c>, RowKey the person's user key: one row per person of
/// the rollout. <c>rollout</c> reads this one partition; a read receipt or an acknowledgement is a point read and an
/// ETag-guarded point write of one row; rows are written at the start in partition transactions of 100.</item>
/// </list>
/// </summary>
public sealed class RolloutStore(TableServiceClient service, string tableName = RolloutStore.TableName)
{
    public const string TableName = "ProcessRollouts";
    public const string HeaderPartition = "rollouts";

    private readonly TableClient table = service.GetTableClient(tableName);

    public static string HeaderRowKey(string processKey, int version) => $"{TableKey.Escape(processKey)}|{version.ToString("D6", CultureInfo.InvariantCulture)}";

    public static string PeoplePartition(string processKey, int version) => $"{TableKey.Escape(processKey)}|v{version.ToString("D6", CultureInfo.InvariantCulture)}";

    /// <summary>
    /// Writes the people first and the rollout row last, so a rollout that exists always has its people. Returns
    /// false when the rollout was started before (its rows are then left as they are: some may be acknowledged).
    /// </summary>
    public async Task<bool> StartAsync(Rollout rollout, IReadOnlyList<Acknowledgement> people, CancellationToken cancellationToken)
    {
        if (await GetAsync(rollout.ProcessKey, rollout.Version, cancellationToken) is not null)
        {
            return false;
        }

        var partition = PeoplePartition(rollout.ProcessKey, rollout.Version);
        await TableBatch.UpsertAsync(table, people.Select(p => AcknowledgementEntity.From(partition, p)), cancellationToken);
        return await table.TryAddAsync(RolloutEntity.From(rollout), cancellationToken);
    }

    public async Task<Rollout?> GetAsync(string processKey, int version, CancellationToken cancellationToken)
    {
        var entity = await table.GetEntityIfExistsAsync<RolloutEntity>(HeaderPartition, HeaderRowKey(processKey, version), cancellationToken: cancellationToken);
        return entity.HasValue ? entity.Value!.ToRollout() : null;
    }

    /// <summary>Every rollout not closed, from the one small partition of rollout rows.</summary>
    public async Task<IReadOnlyList<Rollout>> ListOpenAsync(CancellationToken cancellationToken) =>
        (await table.QueryPartitionAsync<RolloutEntity, Rollout>(HeaderPartition, e => e.ToRollout(), cancellationToken)).Where(r => r.IsOpen).ToList();

    /// <summary>A process's rollouts, newest version first: a key range of the rollout rows.</summary>
    public async Task<IReadOnlyList<Rollout>> ListForProcessAsync(string processKey, CancellationToken cancellationToken)
    {
        var prefix = TableKey.Escape(processKey) + "|";
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {HeaderPartition} and RowKey ge {prefix} and RowKey lt {prefix[..^1] + "}"}");
        var rollouts = new List<Rollout>();
        await foreach (var entity in table.QueryAsync<RolloutEntity>(filter, cancellationToken: cancellationToken))
        {
            rollouts.Add(entity.ToRollout());
        }

        return rollouts.OrderByDescending(r => r.Version).ToList();
    }

    /// <summary>Changes a rollout row under its ETag; null from <paramref name="change"/> writes nothing. Null when there is no such rollout.</summary>
    public async Task<Rollout?> UpdateAsync(string processKey, int version, Func<Rollout, Rollout?> change, CancellationToken cancellationToken)
    {
        var stored = await OptimisticConcurrency.UpdateAsync<RolloutEntity>(
            table,
            HeaderPartition,
            HeaderRowKey(processKey, version),
            entity => entity is null || change(entity.ToRollout()) is not { } updated ? null : RolloutEntity.From(updated),
            cancellationToken);
        return stored?.ToRollout();
    }

    public Task<IReadOnlyList<Acknowledgement>> ListPeopleAsync(string processKey, int version, CancellationToken cancellationToken) =>
        table.QueryPartitionAsync<AcknowledgementEntity, Acknowledgement>(PeoplePartition(processKey, version), e => e.ToAcknowledgement(), cancellationToken);

    public async Task<Acknowledgement?> GetPersonAsync(string processKey, int version, string userKey, CancellationToken cancellationToken)
    {
        var entity = await table.GetEntityIfExistsAsync<AcknowledgementEntity>(PeoplePartition(processKey, version), TableKey.Escape(userKey), cancellationToken: cancellationToken);
        return entity.HasValue ? entity.Value!.ToAcknowledgement() : null;
    }

    /// <summary>
    /// A point read and an ETag-guarded point write of one person's row: a read receipt and the button racing each
    /// other never lose the acknowledgement. Null when the person is not in the rollout.
    /// </summary>
    public async Task<AcknowledgementChange?> UpdatePersonAsync(string processKey, int version, string userKey, Func<Acknowledgement, Acknowledgement?> change, CancellationToken cancellationToken)
    {
        var partition = PeoplePartition(processKey, version);
        var changed = false;
        var stored = await OptimisticConcurrency.UpdateAsync<AcknowledgementEntity>(
            table,
            partition,
            TableKey.Escape(userKey),
            entity =>
            {
                changed = false;
                if (entity is null || change(entity.ToAcknowledgement()) is not { } updated)
                {
                    return null;
                }

                changed = true;
                return AcknowledgementEntity.From(partition, updated);
            },
            cancellationToken);
        return stored is null ? null : new AcknowledgementChange(stored.ToAcknowledgement(), changed);
    }

    private sealed class RolloutEntity : ITableEntity
    {
        public string PartitionKey { get; set; } = HeaderPartition;

        public string RowKey { get; set; } = string.Empty;

        public DateTimeOffset? Timestamp { get; set; }

        public ETag ETag { get; set; }

        public string ProcessKey { get; set; } = string.Empty;

        public string ProcessName { get; set; } = string.Empty;

        public int Version { get; set; }

        public string DocumentUrl { get; set; } = string.Empty;

        public string WhatChanged { get; set; } = string.Empty;

        public string EffectiveDate { get; set; } = string.Empty;

        public string AudienceKind { get; set; } = string.Empty;

        public string? AudienceValue { get; set; }

        public string DueDate { get; set; } = string.Empty;

        public string Channels { get; set; } = "[]";

        public int People { get; set; }

        public string StartedByKey { get; set; } = string.Empty;

        public string StartedByName { get; set; } = string.Empty;

        public DateTimeOffset StartedAt { get; set; }

        public DateTimeOffset? FannedOutAt { get; set; }

        public DateTimeOffset? RemindedAt { get; set; }

        public DateTimeOffset? OverdueNoticesAt { get; set; }

        public int ManualRounds { get; set; }

        public int ManualRoundsSent { get; set; }

        public DateTimeOffset? LastManualRoundAt { get; set; }

        public DateTimeOffset? ClosedAt { get; set; }

        public string? CloseReason { get; set; }

        public static RolloutEntity From(Rollout r) => new()
        {
            RowKey = HeaderRowKey(r.ProcessKey, r.Version),
            ProcessKey = r.ProcessKey,
            ProcessName = r.ProcessName,
            Version = r.Version,
            DocumentUrl = r.DocumentUrl,
            WhatChanged = r.WhatChanged,
            EffectiveDate = Day(r.EffectiveDate),
            AudienceKind = RolloutAudience.Name(r.Audience.Kind),
            AudienceValue = r.Audience.Value,
            DueDate = Day(r.DueDate),
            Channels = JsonSerializer.Serialize(r.Channels),
            People = r.People,
            StartedByKey = r.Started.ByKey,
            StartedByName = r.Started.ByName,
            StartedAt = r.Started.At,
            FannedOutAt = r.FannedOutAt,
            RemindedAt = r.RemindedAt,
            OverdueNoticesAt = r.OverdueNoticesAt,
            ManualRounds = r.ManualRounds,
            ManualRoundsSent = r.ManualRoundsSent,
            LastManualRoundAt = r.LastManualRoundAt,
            ClosedAt = r.ClosedAt,
            CloseReason = r.CloseReason,
        };

        public Rollout ToRollout() => new(
            ProcessKey,
            ProcessName,
            Version,
            DocumentUrl,
            WhatChanged,
            ParseDay(EffectiveDate),
            new RolloutAudience(RolloutAudience.TryParseKind(AudienceKind, out var kind) ? kind : Processes.AudienceKind.People, AudienceValue),
            ParseDay(DueDate),
            JsonSerializer.Deserialize<List<string>>(Channels) ?? [],
            People,
            new ProcessStamp(StartedByKey, StartedByName, StartedAt),
            FannedOutAt,
            RemindedAt,
            OverdueNoticesAt,
            ManualRounds,
            ManualRoundsSent,
            LastManualRoundAt,
            ClosedAt,
            CloseReason);
    }

    private sealed class AcknowledgementEntity : ITableEntity
    {
        public string PartitionKey { get; set; } = string.Empty;

        public string RowKey { get; set; } = string.Empty;

        public DateTimeOffset? Timestamp { get; set; }

        public ETag ETag { get; set; }

        public string UserKey { get; set; } = string.Empty;

        public string Name { get; set; } = string.Empty;

        public string BusinessUnits { get; set; } = "[]";

        public string State { get; set; } = nameof(AcknowledgementState.Pending);

        public DateTimeOffset? SeenAt { get; set; }

        public DateTimeOffset? AcknowledgedAt { get; set; }

        public string? SentActivityId { get; set; }

        public static AcknowledgementEntity From(string partition, Acknowledgement a) => new()
        {
            PartitionKey = partition,
            RowKey = TableKey.Escape(a.UserKey),
            UserKey = a.UserKey,
            Name = a.Name,
            BusinessUnits = JsonSerializer.Serialize(a.BusinessUnits),
            State = a.State.ToString(),
            SeenAt = a.SeenAt,
            AcknowledgedAt = a.AcknowledgedAt,
            SentActivityId = a.SentActivityId,
        };

        public Acknowledgement ToAcknowledgement() => new(
            UserKey,
            Name,
            JsonSerializer.Deserialize<List<string>>(BusinessUnits) ?? [],
            Enum.TryParse<AcknowledgementState>(State, out var state) ? state : AcknowledgementState.Pending,
            SeenAt,
            AcknowledgedAt,
            SentActivityId);
    }

    private static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateOnly ParseDay(string text) => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);
}
