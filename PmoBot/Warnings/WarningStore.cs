using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using PmoBot.Lessons;
using PmoBot.Storage;

namespace PmoBot.Warnings;

/// <summary>
/// Table <c>Warnings</c>. Open episodes: PartitionKey <c>open</c>, RowKey <c>{code}|{rule}</c>, one per project and
/// rule (adding it is how a raise wins a race), so <c>warnings</c> reads one partition and a project's open warnings
/// are a RowKey range in it. Closed episodes: PartitionKey <c>closed|{code}</c>, RowKey
/// <c>{inverted raised ticks}|{rule}</c>, a project's past warnings newest first. An episode's id names its project,
/// rule and raise time, so finding it is a point read of its open row and, when that row is another episode or gone,
/// of its closed row. Changes are ETag-guarded.
/// </summary>
public sealed class WarningStore(TableServiceClient service, string tableName = WarningStore.TableName)
{
    public const string TableName = "Warnings";
    private const string OpenPartition = "open";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly TableClient table = service.GetTableClient(tableName);

    public async Task<WarningEpisode?> GetAsync(string id, CancellationToken cancellationToken)
    {
        if (!WarningEpisode.TryParseId(id, out var code, out var rule, out var ticks))
        {
            return null;
        }

        var open = await table.GetEntityIfExistsAsync<EpisodeEntity>(OpenPartition, OpenRow(code, rule), cancellationToken: cancellationToken);
        if (open.HasValue && open.Value!.EpisodeId == id)
        {
            return open.Value.ToEpisode();
        }

        var closed = await table.GetEntityIfExistsAsync<EpisodeEntity>(ClosedPartition(code), ClosedRow(rule, ticks), cancellationToken: cancellationToken);
        return closed.HasValue ? closed.Value!.ToEpisode() : null;
    }

    /// <summary>Every open warning of the portfolio: one partition.</summary>
    public Task<IReadOnlyList<WarningEpisode>> ListOpenAsync(CancellationToken cancellationToken) =>
        QueryAsync(TableClient.CreateQueryFilter($"PartitionKey eq {OpenPartition}"), cancellationToken);

    /// <summary>A project's open warnings: a RowKey range of the open partition.</summary>
    public Task<IReadOnlyList<WarningEpisode>> ListOpenAsync(string projectCode, CancellationToken cancellationToken)
    {
        var prefix = TableKey.Escape(projectCode) + "|";
        return QueryAsync(
            TableClient.CreateQueryFilter($"PartitionKey eq {OpenPartition} and RowKey ge {prefix} and RowKey lt {prefix[..^1] + "}"}"),
            cancellationToken);
    }

    /// <summary>A project's closed warnings, newest raised first.</summary>
    public async Task<IReadOnlyList<WarningEpisode>> ListClosedAsync(string projectCode, int take, CancellationToken cancellationToken)
    {
        var found = new List<WarningEpisode>();
        await foreach (var entity in table.QueryAsync<EpisodeEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {ClosedPartition(projectCode)}"), maxPerPage: take, cancellationToken: cancellationToken))
        {
            found.Add(entity.ToEpisode());
            if (found.Count == take)
            {
                break;
            }
        }

        return found;
    }

    /// <summary>Stores a new open episode; null when the project already has one for the rule (someone raised it first).</summary>
    public async Task<WarningEpisode?> TryAddAsync(WarningEpisode episode, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(episode);
        try
        {
            await table.AddEntityAsync(EpisodeEntity.From(episode, OpenPartition, OpenRow(episode.ProjectCode, episode.RuleId)), cancellationToken);
            return episode;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return null;
        }
    }

    /// <summary>
    /// Changes the open episode <paramref name="id"/> if <paramref name="change"/> returns a new version (ETag-guarded,
    /// re-applied on a lost race). Null when the episode is no longer open or the change declined.
    /// </summary>
    public async Task<WarningEpisode?> UpdateOpenAsync(string id, Func<WarningEpisode, WarningEpisode?> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (!WarningEpisode.TryParseId(id, out var code, out var rule, out _))
        {
            return null;
        }

        WarningEpisode? changed = null;
        await OptimisticConcurrency.UpdateAsync<EpisodeEntity>(
            table,
            OpenPartition,
            OpenRow(code, rule),
            current =>
            {
                changed = current is not null && current.EpisodeId == id ? change(current.ToEpisode()) : null;
                return changed is null ? null : EpisodeEntity.From(changed, OpenPartition, OpenRow(code, rule));
            },
            cancellationToken);
        return changed;
    }

    /// <summary>
    /// Closes the open episode: writes its closed row, then deletes the open row if nobody changed it meanwhile (else
    /// re-reads and tries again). Null when it was not open. Repeating a close that stopped half way completes it.
    /// </summary>
    public async Task<WarningEpisode?> CloseAsync(string id, Func<WarningEpisode, WarningEpisode> close, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(close);
        if (!WarningEpisode.TryParseId(id, out var code, out var rule, out var ticks))
        {
            return null;
        }

        for (var attempt = 1; attempt <= OptimisticConcurrency.MaxAttempts; attempt++)
        {
            var open = await table.GetEntityIfExistsAsync<EpisodeEntity>(OpenPartition, OpenRow(code, rule), cancellationToken: cancellationToken);
            if (!open.HasValue || open.Value!.EpisodeId != id)
            {
                return null;
            }

            var closed = close(open.Value.ToEpisode());
            await table.UpsertEntityAsync(EpisodeEntity.From(closed, ClosedPartition(code), ClosedRow(rule, ticks)), TableUpdateMode.Replace, cancellationToken);
            try
            {
                await table.DeleteEntityAsync(OpenPartition, OpenRow(code, rule), open.Value.ETag, cancellationToken);
                return closed;
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
                return null;
            }
            catch (RequestFailedException ex) when (ex.Status == 412)
            {
                // Changed (acknowledged, updated) between our read and our delete: close the newer version.
            }
        }

        throw new ConcurrencyConflictException(tableName, OpenPartition, OpenRow(code, rule), OptimisticConcurrency.MaxAttempts);
    }

    private async Task<IReadOnlyList<WarningEpisode>> QueryAsync(string filter, CancellationToken cancellationToken)
    {
        var found = new List<WarningEpisode>();
        await foreach (var entity in table.QueryAsync<EpisodeEntity>(filter, cancellationToken: cancellationToken))
        {
            found.Add(entity.ToEpisode());
        }

        return found;
    }

    private static string OpenRow(string code, string rule) => $"{TableKey.Escape(code)}|{rule}";

    private static string ClosedPartition(string code) => $"closed|{TableKey.Escape(code)}";

    private static string ClosedRow(string rule, long ticks) => string.Create(CultureInfo.InvariantCulture, $"{long.MaxValue - ticks:D19}|{rule}");

    private sealed class EpisodeEntity : ITableEntity
    {
        public string PartitionKey { get; set; } = string.Empty;

        public string RowKey { get; set; } = string.Empty;

        public DateTimeOffset? Timestamp { get; set; }

        public ETag ETag { get; set; }

        public string EpisodeId { get; set; } = string.Empty;

        public string ProjectCode { get; set; } = string.Empty;

        public string ProjectName { get; set; } = string.Empty;

        public string ManagerKey { get; set; } = string.Empty;

        public string ManagerName { get; set; } = string.Empty;

        public string RuleId { get; set; } = string.Empty;

        public string Severity { get; set; } = string.Empty;

        public string Headline { get; set; } = string.Empty;

        public string Trend { get; set; } = string.Empty;

        public DateTimeOffset RaisedAt { get; set; }

        public DateTimeOffset UpdatedAt { get; set; }

        public int Version { get; set; }

        public DateTimeOffset? ClosedAt { get; set; }

        public string? CloseReason { get; set; }

        public bool Posted { get; set; }

        public string? Lessons { get; set; }

        public string? Acknowledged { get; set; }

        public string? Owner { get; set; }

        public string? Meeting { get; set; }

        public DateTimeOffset? SnoozedUntil { get; set; }

        public string? Activity { get; set; }

        public static EpisodeEntity From(WarningEpisode e, string partition, string row) => new()
        {
            PartitionKey = partition,
            RowKey = row,
            EpisodeId = e.Id,
            ProjectCode = e.ProjectCode,
            ProjectName = e.ProjectName,
            ManagerKey = e.ManagerKey,
            ManagerName = e.ManagerName,
            RuleId = e.RuleId,
            Severity = e.Severity.ToString(),
            Headline = e.Headline,
            Trend = e.Trend,
            RaisedAt = e.RaisedAt,
            UpdatedAt = e.UpdatedAt,
            Version = e.Version,
            ClosedAt = e.ClosedAt,
            CloseReason = e.CloseReason,
            Posted = e.Posted,
            Lessons = Serialize(e.Lessons),
            Acknowledged = Serialize(e.Acknowledged),
            Owner = Serialize(e.Owner),
            Meeting = Serialize(e.Meeting),
            SnoozedUntil = e.SnoozedUntil,
            Activity = Serialize(e.Activity),
        };

        public WarningEpisode ToEpisode() => new(
            EpisodeId,
            ProjectCode,
            ProjectName,
            ManagerKey,
            ManagerName,
            RuleId,
            Enum.TryParse<WarningSeverity>(Severity, out var severity) ? severity : WarningSeverity.Watch,
            Headline,
            Trend,
            RaisedAt,
            UpdatedAt,
            Version)
        {
            ClosedAt = ClosedAt,
            CloseReason = CloseReason,
            Posted = Posted,
            Lessons = Deserialize<List<LessonSuggestion>>(Lessons) ?? [],
            Acknowledged = Deserialize<WarningStamp>(Acknowledged),
            Owner = Deserialize<WarningOwner>(Owner),
            Meeting = Deserialize<WarningMeeting>(Meeting),
            SnoozedUntil = SnoozedUntil,
            Activity = Deserialize<List<WarningActivity>>(Activity) ?? [],
        };

        private static string? Serialize<T>(T? value) => value is null ? null : JsonSerializer.Serialize(value, Json);

        private static T? Deserialize<T>(string? json) where T : class => string.IsNullOrEmpty(json) ? null : JsonSerializer.Deserialize<T>(json, Json);
    }
}
