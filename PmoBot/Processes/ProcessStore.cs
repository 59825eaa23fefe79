using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using PmoBot.Projects;
using PmoBot.Storage;

namespace PmoBot.Processes;

/// <summary>
/// Table <c>Processes</c>, two kinds of partition:
/// <list type="bullet">
/// <item>PartitionKey <c>library</c>, RowKey the process key: every process, for <c>processes</c> (one partition) and
/// one by key (point read); edits are ETag-guarded.</item>
/// <item>PartitionKey <c>versions|{key}</c>, RowKey the version subtracted from <see cref="int.MaxValue"/> and
/// zero-padded: a process's versions newest first, the newest as a one-row query. Versions are only added; two PMO
/// members publishing at once both try to add the same number and the second add fails (409).</item>
/// </list>
/// </summary>
public sealed class ProcessStore(TableServiceClient service, string tableName = ProcessStore.TableName)
{
    public const string TableName = "Processes";
    public const string LibraryPartition = "library";

    private readonly TableClient table = service.GetTableClient(tableName);

    public static string VersionsPartition(string key) => $"versions|{key}";

    public static string VersionRowKey(int number) => (int.MaxValue - number).ToString("D10", CultureInfo.InvariantCulture);

    public Task<IReadOnlyList<ProcessDefinition>> ListAsync(CancellationToken cancellationToken) =>
        table.QueryPartitionAsync<ProcessEntity, ProcessDefinition>(LibraryPartition, e => e.ToProcess(), cancellationToken);

    public async Task<StoredProcess?> GetAsync(string key, CancellationToken cancellationToken)
    {
        var entity = await table.GetEntityIfExistsAsync<ProcessEntity>(LibraryPartition, TableKey.Escape(key), cancellationToken: cancellationToken);
        return entity.HasValue ? new StoredProcess(entity.Value!.ToProcess(), entity.Value.ETag.ToString()) : null;
    }

    /// <returns>The stored process, or null when a process with its key exists already.</returns>
    public async Task<StoredProcess?> AddAsync(ProcessDefinition process, CancellationToken cancellationToken)
    {
        try
        {
            var response = await table.AddEntityAsync(ProcessEntity.From(process), cancellationToken);
            return new StoredProcess(process, response.Headers.ETag?.ToString() ?? string.Empty);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return null;
        }
    }

    /// <returns>The stored process, or null when someone changed it since <paramref name="expectedETag"/>.</returns>
    public async Task<StoredProcess?> ReplaceAsync(ProcessDefinition process, string expectedETag, CancellationToken cancellationToken)
    {
        try
        {
            var response = await table.UpdateEntityAsync(ProcessEntity.From(process), new ETag(expectedETag), TableUpdateMode.Replace, cancellationToken);
            return new StoredProcess(process, response.Headers.ETag?.ToString() ?? string.Empty);
        }
        catch (RequestFailedException ex) when (ex.Status is 412 or 404)
        {
            return null;
        }
    }

    /// <summary>Applies <paramref name="change"/> under optimistic concurrency; null from it writes nothing.</summary>
    public async Task<ProcessDefinition?> UpdateAsync(string key, Func<ProcessDefinition, ProcessDefinition?> change, CancellationToken cancellationToken)
    {
        var stored = await OptimisticConcurrency.UpdateAsync<ProcessEntity>(
            table,
            LibraryPartition,
            TableKey.Escape(key),
            entity => entity is null || change(entity.ToProcess()) is not { } updated ? null : ProcessEntity.From(updated),
            cancellationToken);
        return stored?.ToProcess();
    }

    public Task<IReadOnlyList<ProcessVersion>> ListVersionsAsync(string key, CancellationToken cancellationToken) =>
        table.QueryPartitionAsync<VersionEntity, ProcessVersion>(VersionsPartition(TableKey.Escape(key)), e => e.ToVersion(), cancellationToken);

    public async Task<ProcessVersion?> GetVersionAsync(string key, int number, CancellationToken cancellationToken)
    {
        var entity = await table.GetEntityIfExistsAsync<VersionEntity>(VersionsPartition(TableKey.Escape(key)), VersionRowKey(number), cancellationToken: cancellationToken);
        return entity.HasValue ? entity.Value!.ToVersion() : null;
    }

    /// <summary>The newest version, a one-row query (versions sort newest first); null before the first.</summary>
    public async Task<ProcessVersion?> GetNewestVersionAsync(string key, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {VersionsPartition(TableKey.Escape(key))}");
        await foreach (var entity in table.QueryAsync<VersionEntity>(filter, maxPerPage: 1, cancellationToken: cancellationToken))
        {
            return entity.ToVersion();
        }

        return null;
    }

    /// <returns>False when that version exists already (someone published it first).</returns>
    public async Task<bool> TryAddVersionAsync(ProcessVersion version, CancellationToken cancellationToken)
    {
        return await table.TryAddAsync(VersionEntity.From(version), cancellationToken);
    }

    /// <summary>Records the review template version a version's compliance questions were published as (the one field set after publishing).</summary>
    public async Task SetTemplateVersionAsync(string key, int number, int templateVersion, CancellationToken cancellationToken) =>
        await OptimisticConcurrency.UpdateAsync<VersionEntity>(
            table,
            VersionsPartition(TableKey.Escape(key)),
            VersionRowKey(number),
            entity =>
            {
                if (entity is null || entity.TemplateVersion == templateVersion)
                {
                    return null;
                }

                entity.TemplateVersion = templateVersion;
                return entity;
            },
            cancellationToken);

    internal static string Join<T>(IEnumerable<T> values) => string.Join(',', values);

    internal static IReadOnlyList<string> Split(string? text) =>
        (text ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private sealed class ProcessEntity : ITableEntity
    {
        public string PartitionKey { get; set; } = LibraryPartition;

        public string RowKey { get; set; } = string.Empty;

        public DateTimeOffset? Timestamp { get; set; }

        public ETag ETag { get; set; }

        public string Key { get; set; } = string.Empty;

        public string Name { get; set; } = string.Empty;

        public string OwnerKey { get; set; } = string.Empty;

        public string OwnerName { get; set; } = string.Empty;

        public string Summary { get; set; } = string.Empty;

        public string DocumentUrl { get; set; } = string.Empty;

        public string KnowledgeAreas { get; set; } = string.Empty;

        public string Stages { get; set; } = string.Empty;

        public int CurrentVersion { get; set; }

        public string CreatedByKey { get; set; } = string.Empty;

        public string CreatedByName { get; set; } = string.Empty;

        public DateTimeOffset CreatedAt { get; set; }

        public string UpdatedByKey { get; set; } = string.Empty;

        public string UpdatedByName { get; set; } = string.Empty;

        public DateTimeOffset UpdatedAt { get; set; }

        public string? FormId { get; set; }

        public static ProcessEntity From(ProcessDefinition p) => new()
        {
            RowKey = TableKey.Escape(p.Key),
            Key = p.Key,
            Name = p.Name,
            OwnerKey = p.Owner.UserKey,
            OwnerName = p.Owner.Name,
            Summary = p.Summary,
            DocumentUrl = p.DocumentUrl,
            KnowledgeAreas = Join(p.KnowledgeAreas),
            Stages = Join(p.Stages),
            CurrentVersion = p.CurrentVersion,
            CreatedByKey = p.Created.ByKey,
            CreatedByName = p.Created.ByName,
            CreatedAt = p.Created.At,
            UpdatedByKey = p.Updated.ByKey,
            UpdatedByName = p.Updated.ByName,
            UpdatedAt = p.Updated.At,
            FormId = p.FormId,
        };

        public ProcessDefinition ToProcess() => new(
            Key,
            Name,
            new ProcessOwner(OwnerKey, OwnerName),
            Summary,
            DocumentUrl,
            Split(KnowledgeAreas),
            Split(Stages).Select(s => Enum.TryParse<ProjectStage>(s, out var stage) ? (ProjectStage?)stage : null).OfType<ProjectStage>().ToList(),
            CurrentVersion,
            new ProcessStamp(CreatedByKey, CreatedByName, CreatedAt),
            new ProcessStamp(UpdatedByKey, UpdatedByName, UpdatedAt),
            FormId);
    }

    private sealed class VersionEntity : ITableEntity
    {
        public string PartitionKey { get; set; } = string.Empty;

        public string RowKey { get; set; } = string.Empty;

        public DateTimeOffset? Timestamp { get; set; }

        public ETag ETag { get; set; }

        public string ProcessKey { get; set; } = string.Empty;

        public int Number { get; set; }

        public string EffectiveDate { get; set; } = string.Empty;

        public string WhatChanged { get; set; } = string.Empty;

        public bool NeedsAcknowledgement { get; set; }

        public string PublishedByKey { get; set; } = string.Empty;

        public string PublishedByName { get; set; } = string.Empty;

        public DateTimeOffset PublishedAt { get; set; }

        public string? AudienceKind { get; set; }

        public string? AudienceValue { get; set; }

        public string? DueDate { get; set; }

        public string? Channels { get; set; }

        public string? Compliance { get; set; }

        public int? TemplateVersion { get; set; }

        /// <summary>The publish form it came from (none before forms carried one).</summary>
        public string? FormId { get; set; }

        public static VersionEntity From(ProcessVersion v) => new()
        {
            PartitionKey = VersionsPartition(TableKey.Escape(v.ProcessKey)),
            RowKey = VersionRowKey(v.Number),
            ProcessKey = v.ProcessKey,
            Number = v.Number,
            EffectiveDate = Day(v.EffectiveDate),
            WhatChanged = v.WhatChanged,
            NeedsAcknowledgement = v.NeedsAcknowledgement,
            PublishedByKey = v.Published.ByKey,
            PublishedByName = v.Published.ByName,
            PublishedAt = v.Published.At,
            AudienceKind = v.Rollout is { } plan ? RolloutAudience.Name(plan.Audience.Kind) : null,
            AudienceValue = v.Rollout?.Audience.Value,
            DueDate = v.Rollout is { } due ? Day(due.DueDate) : null,
            Channels = v.Rollout is { } announced ? JsonSerializer.Serialize(announced.Channels) : null,
            Compliance = v.Compliance is { Count: > 0 } questions ? JsonSerializer.Serialize(questions) : null,
            TemplateVersion = v.TemplateVersion,
            FormId = v.FormId,
        };

        public ProcessVersion ToVersion() => new(
            ProcessKey,
            Number,
            ParseDay(EffectiveDate),
            WhatChanged,
            NeedsAcknowledgement,
            new ProcessStamp(PublishedByKey, PublishedByName, PublishedAt),
            AudienceKind is not null && RolloutAudience.TryParseKind(AudienceKind, out var kind) && DueDate is not null
                ? new RolloutPlan(new RolloutAudience(kind, AudienceValue), ParseDay(DueDate), Channels is null ? [] : JsonSerializer.Deserialize<List<string>>(Channels) ?? [])
                : null,
            Compliance is null ? null : JsonSerializer.Deserialize<List<ComplianceQuestion>>(Compliance),
            TemplateVersion,
            FormId);

        private static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        private static DateOnly ParseDay(string text) => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);
    }
}
