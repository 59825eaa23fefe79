using Azure;
using Azure.Data.Tables;
using PmoBot.Projects;
using PmoBot.Storage;

namespace PmoBot.Reviews.History;

/// <summary>A review that was missed (or not asked: <paramref name="OnLeave"/>, the PM was away) and has not been submitted since.</summary>
public sealed record MissedReview(string ProjectCode, string ProjectName, string ManagerKey, string ManagerName, ReviewPeriod Period, DateTimeOffset RecordedAt, bool OnLeave = false);

/// <summary>One page of missed reviews, newest period first, and whether more follow.</summary>
public sealed record MissedReviewPage(IReadOnlyList<MissedReview> Items, bool HasMore);

/// <summary>
/// Table <c>MissedReviews</c>: PartitionKey = <c>missed</c>, RowKey = <c>{period inverted}|{project code}</c>, so
/// <c>overdue</c> reads one partition newest period first and stops after the page it shows. A row lives from the
/// deadline until the review is submitted late; adding and removing it twice is harmless.
/// </summary>
public sealed class MissedReviewStore(TableServiceClient service)
{
    public const string TableName = "MissedReviews";
    public const string Partition = "missed";

    private readonly TableClient table = service.GetTableClient(TableName);

    public Task AddAsync(MissedReview missed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(missed);
        return table.UpsertEntityAsync(MissedEntity.From(missed), TableUpdateMode.Replace, cancellationToken);
    }

    public Task RemoveAsync(string code, ReviewPeriod period, CancellationToken cancellationToken) =>
        table.DeleteIfExistsAsync(Partition, RowKeyFor(code, period), cancellationToken);

    public async Task<MissedReview?> GetAsync(string code, ReviewPeriod period, CancellationToken cancellationToken)
    {
        var entity = await table.GetEntityIfExistsAsync<MissedEntity>(Partition, RowKeyFor(code, period), cancellationToken: cancellationToken);
        return entity.HasValue ? entity.Value!.ToMissed() : null;
    }

    /// <summary>Rows <paramref name="skip"/> to <paramref name="skip"/> + <paramref name="take"/>, newest period first; reads one row more to know whether more follow.</summary>
    public Task<MissedReviewPage> ListAsync(int skip, int take, CancellationToken cancellationToken) => ListAsync(skip, take, null, cancellationToken);

    /// <summary>
    /// As <see cref="ListAsync(int, int, CancellationToken)"/>, counting only the rows <paramref name="include"/> accepts
    /// (null: all): the partition is read until the page is full or it ends.
    /// </summary>
    public async Task<MissedReviewPage> ListAsync(int skip, int take, Func<MissedReview, bool>? include, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(skip);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(take);
        var wanted = skip + take + 1;
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition}");
        var items = new List<MissedReview>();
        var seen = 0;
        // Filtered, the rows wanted may lie anywhere in the partition: read it in full pages.
        var pageSize = include is null ? Math.Min(wanted, ReviewHistoryStore.MaxPageSize) : ReviewHistoryStore.MaxPageSize;
        await foreach (var entity in table.QueryAsync<MissedEntity>(filter, maxPerPage: pageSize, cancellationToken: cancellationToken))
        {
            var missed = entity.ToMissed();
            if (include is not null && !include(missed))
            {
                continue;
            }

            if (++seen > skip)
            {
                items.Add(missed);
            }

            if (seen == wanted)
            {
                break;
            }
        }

        return items.Count > take ? new MissedReviewPage(items.GetRange(0, take), HasMore: true) : new MissedReviewPage(items, HasMore: false);
    }

    private static string RowKeyFor(string code, ReviewPeriod period) => $"{period.InvertedKey}|{TableKey.Escape(ProjectText.NormalizeCode(code))}";

    private sealed class MissedEntity : ITableEntity
    {
        public string PartitionKey { get; set; } = Partition;

        public string RowKey { get; set; } = string.Empty;

        public DateTimeOffset? Timestamp { get; set; }

        public ETag ETag { get; set; }

        public string Code { get; set; } = string.Empty;

        public string Name { get; set; } = string.Empty;

        public string ManagerKey { get; set; } = string.Empty;

        public string ManagerName { get; set; } = string.Empty;

        public string Period { get; set; } = string.Empty;

        public DateTimeOffset RecordedAt { get; set; }

        public bool OnLeave { get; set; }

        public static MissedEntity From(MissedReview missed) => new()
        {
            RowKey = RowKeyFor(missed.ProjectCode, missed.Period),
            Code = missed.ProjectCode,
            Name = missed.ProjectName,
            ManagerKey = missed.ManagerKey,
            ManagerName = missed.ManagerName,
            Period = missed.Period.ToString(),
            RecordedAt = missed.RecordedAt,
            OnLeave = missed.OnLeave,
        };

        public MissedReview ToMissed() => new(Code, Name, ManagerKey, ManagerName, ReviewPeriod.Parse(Period), RecordedAt, OnLeave);
    }
}
