using Azure;
using Azure.Data.Tables;
using PmoBot.Storage;

namespace PmoBot.Reviews.Schedule;

/// <summary>The Open entry a PM's schedule has filed in the due-review index (the row key is derived from these).</summary>
public sealed record PendingOpening(DateTimeOffset DueAt, ReviewPeriod Period)
{
    public ReviewDueEntry ToEntry(string userKey) => new(DueAt, ReviewDueKind.Open, userKey, Period, []);

    public bool Matches(ReviewDueEntry entry) => entry.Kind == ReviewDueKind.Open && entry.DueAt == DueAt && entry.Period == Period;
}

/// <summary>
/// A PM's review schedule: their own slot (null follows the PMO's default), the one Open entry filed for them, and
/// the last period that opened (so moving the slot later in a week does not open that week's reviews again).
/// </summary>
public sealed record ReviewSchedule(string UserKey, WeeklySlot? Slot, PendingOpening? Pending, ReviewPeriod? LastOpened)
{
    public static ReviewSchedule Empty(string userKey) => new(userKey, null, null, null);
}

/// <summary>
/// Table <c>ReviewSchedules</c>: PartitionKey = escaped user key, RowKey = <c>schedule</c>, one row per PM, changed
/// only under its ETag. The row with PartitionKey <c>_default</c> holds the PMO's default slot (absent: the
/// configured <see cref="ReviewsOptions.DefaultDay"/> and <see cref="ReviewsOptions.DefaultHour"/>).
/// </summary>
public sealed class ReviewScheduleStore
{
    public const string TableName = "ReviewSchedules";
    public const string DefaultPartition = "_default";
    public const string ScheduleRowKey = "schedule";

    private static readonly string[] FollowerColumns = ["PartitionKey", nameof(ScheduleEntity.UserKey), nameof(ScheduleEntity.Day), nameof(ScheduleEntity.PendingDueAt)];

    private readonly TableClient table;

    public ReviewScheduleStore(TableServiceClient service, string tableName = TableName)
    {
        ArgumentNullException.ThrowIfNull(service);
        table = service.GetTableClient(tableName);
    }

    public async Task<ReviewSchedule?> GetAsync(string userKey, CancellationToken cancellationToken)
    {
        var entity = await table.GetEntityIfExistsAsync<ScheduleEntity>(PartitionOf(userKey), ScheduleRowKey, cancellationToken: cancellationToken);
        return entity.HasValue ? entity.Value!.ToSchedule() : null;
    }

    /// <summary>
    /// Applies <paramref name="change"/> to the stored schedule (null when absent) under optimistic concurrency;
    /// a null result writes nothing. Returns the schedule stored afterwards.
    /// </summary>
    public async Task<ReviewSchedule?> UpdateAsync(string userKey, Func<ReviewSchedule?, ReviewSchedule?> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        var stored = await OptimisticConcurrency.UpdateAsync<ScheduleEntity>(
            table,
            PartitionOf(userKey),
            ScheduleRowKey,
            entity => change(entity?.ToSchedule()) is { } updated ? ScheduleEntity.From(updated with { UserKey = userKey }) : null,
            cancellationToken);
        return stored?.ToSchedule();
    }

    /// <summary>The default slot the PMO set in chat, or null when it was never set (configuration applies).</summary>
    public async Task<WeeklySlot?> GetDefaultAsync(CancellationToken cancellationToken)
    {
        var entity = await table.GetEntityIfExistsAsync<ScheduleEntity>(DefaultPartition, ScheduleRowKey, cancellationToken: cancellationToken);
        return entity.HasValue ? entity.Value!.ToSlot() : null;
    }

    public Task SetDefaultAsync(WeeklySlot slot, CancellationToken cancellationToken) =>
        OptimisticConcurrency.UpdateAsync<ScheduleEntity>(
            table,
            DefaultPartition,
            ScheduleRowKey,
            current => current?.ToSlot() == slot ? null : ScheduleEntity.From(new ReviewSchedule(DefaultPartition, slot, null, null)),
            cancellationToken);

    /// <summary>
    /// The PMs who follow the default and have an opening filed. This reads every schedule row, which is fine for
    /// the rare change of the default by the PMO and nothing else.
    /// </summary>
    public async Task<IReadOnlyList<string>> ListFollowingDefaultAsync(CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"RowKey eq {ScheduleRowKey}");
        var followers = new List<string>();
        await foreach (var entity in table.QueryAsync<ScheduleEntity>(filter, select: FollowerColumns, cancellationToken: cancellationToken))
        {
            if (entity.PartitionKey != DefaultPartition && entity.Day is null && entity.PendingDueAt is not null)
            {
                followers.Add(entity.UserKey);
            }
        }

        return followers;
    }

    private static string PartitionOf(string userKey)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userKey);
        return TableKey.Escape(userKey);
    }

    private sealed class ScheduleEntity : ITableEntity
    {
        public string PartitionKey { get; set; } = string.Empty;

        public string RowKey { get; set; } = ScheduleRowKey;

        public DateTimeOffset? Timestamp { get; set; }

        public ETag ETag { get; set; }

        public string UserKey { get; set; } = string.Empty;

        /// <summary>The own slot's day name; absent when the PM follows the default.</summary>
        public string? Day { get; set; }

        public int? Hour { get; set; }

        public DateTimeOffset? PendingDueAt { get; set; }

        public string? PendingPeriod { get; set; }

        public string? LastOpenedPeriod { get; set; }

        public WeeklySlot? ToSlot() => Day is not null && Hour is { } hour ? new WeeklySlot(Enum.Parse<DayOfWeek>(Day), hour) : null;

        public static ScheduleEntity From(ReviewSchedule schedule) => new()
        {
            UserKey = schedule.UserKey,
            Day = schedule.Slot?.Day.ToString(),
            Hour = schedule.Slot?.Hour,
            PendingDueAt = schedule.Pending?.DueAt.ToUniversalTime(),
            PendingPeriod = schedule.Pending?.Period.ToString(),
            LastOpenedPeriod = schedule.LastOpened?.ToString(),
        };

        public ReviewSchedule ToSchedule() => new(
            UserKey,
            ToSlot(),
            PendingDueAt is { } dueAt && PendingPeriod is not null ? new PendingOpening(dueAt.ToUniversalTime(), ReviewPeriod.Parse(PendingPeriod)) : null,
            LastOpenedPeriod is null ? null : ReviewPeriod.Parse(LastOpenedPeriod));
    }
}
