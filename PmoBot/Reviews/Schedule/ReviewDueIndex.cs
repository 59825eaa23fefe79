using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using PmoBot.Storage;

namespace PmoBot.Reviews.Schedule;

/// <summary>
/// Table <c>ReviewDue</c>: every review that opens, is reminded or is recorded as missed at some time, in one
/// partition (<c>due</c>) with RowKey <c>{DueAt.UtcTicks:D19}|{kind}|{escaped user key}|{period}</c>. Row keys sort
/// by due time, so "everything due by now" is one range query on one partition, oldest first, however many PMs
/// there are; and the same entry always has the same key, so filing it twice stores it once.
/// </summary>
public sealed class ReviewDueIndex
{
    public const string TableName = "ReviewDue";
    public const string Partition = "due";

    private const int MaxPageSize = 1_000;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly TableClient table;

    public ReviewDueIndex(TableServiceClient service, string tableName = TableName)
    {
        ArgumentNullException.ThrowIfNull(service);
        table = service.GetTableClient(tableName);
    }

    public static string RowKeyOf(ReviewDueEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var key = string.Create(CultureInfo.InvariantCulture, $"{TicksKey(entry.DueAt.UtcTicks)}|{entry.Kind}|{TableKey.Escape(entry.UserKey)}|{entry.Period}");
        return entry.StandingInFor is null ? key : $"{key}|for|{TableKey.Escape(entry.StandingInFor)}";
    }

    /// <summary>Files the entry; filing the same entry again changes nothing.</summary>
    public Task AddAsync(ReviewDueEntry entry, CancellationToken cancellationToken) =>
        table.UpsertEntityAsync(DueEntity.From(entry), TableUpdateMode.Replace, cancellationToken);

    /// <summary>Up to <paramref name="max"/> entries due at or before <paramref name="now"/>, oldest first.</summary>
    public async Task<IReadOnlyList<ReviewDueEntry>> ListDueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);

        // Every key due by now starts with a tick count below now + 1 tick; the rest of the key never matters.
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and RowKey lt {TicksKey(now.UtcTicks + 1)}");
        var due = new List<ReviewDueEntry>();
        await foreach (var entity in table.QueryAsync<DueEntity>(filter, maxPerPage: Math.Min(max, MaxPageSize), cancellationToken: cancellationToken))
        {
            due.Add(entity.ToEntry());
            if (due.Count == max)
            {
                break;
            }
        }

        return due;
    }

    /// <summary>Takes the entry out of the index; an entry already gone is fine (two sweepers, a repeated change).</summary>
    public Task RemoveAsync(ReviewDueEntry entry, CancellationToken cancellationToken) =>
        table.DeleteIfExistsAsync(Partition, RowKeyOf(entry), cancellationToken);

    private static string TicksKey(long ticks) => ticks.ToString("D19", CultureInfo.InvariantCulture);

    private sealed class DueEntity : ITableEntity
    {
        public string PartitionKey { get; set; } = Partition;

        public string RowKey { get; set; } = string.Empty;

        public DateTimeOffset? Timestamp { get; set; }

        public ETag ETag { get; set; }

        public DateTimeOffset DueAt { get; set; }

        public string Kind { get; set; } = string.Empty;

        public string UserKey { get; set; } = string.Empty;

        public string Period { get; set; } = string.Empty;

        /// <summary>A JSON array of project codes.</summary>
        public string ProjectCodes { get; set; } = "[]";

        public string? StandingInFor { get; set; }

        public static DueEntity From(ReviewDueEntry entry) => new()
        {
            RowKey = RowKeyOf(entry),
            DueAt = entry.DueAt.ToUniversalTime(),
            Kind = entry.Kind.ToString(),
            UserKey = entry.UserKey,
            Period = entry.Period.ToString(),
            ProjectCodes = JsonSerializer.Serialize(entry.ProjectCodes, Json),
            StandingInFor = entry.StandingInFor,
        };

        public ReviewDueEntry ToEntry() => new(
            DueAt.ToUniversalTime(),
            Enum.Parse<ReviewDueKind>(Kind),
            UserKey,
            ReviewPeriod.Parse(Period),
            JsonSerializer.Deserialize<string[]>(ProjectCodes, Json) ?? [],
            StandingInFor);
    }
}
