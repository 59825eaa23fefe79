using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Azure;
using Azure.Data.Tables;
using PmoBot.Projects;
using PmoBot.Reviews.Templates;
using PmoBot.Storage;

namespace PmoBot.Reviews.History;

/// <summary>
/// Table <c>LatestStatus</c>: PartitionKey = <c>portfolio</c>, RowKey = project code; one row per project, so the
/// portfolio is one partition query and a project's status one point read. Rows are replaced under their ETag.
/// </summary>
public sealed class LatestStatusStore(TableServiceClient service)
{
    public const string TableName = "LatestStatus";
    public const string PortfolioPartition = "portfolio";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private readonly TableClient table = service.GetTableClient(TableName);

    // Every portfolio view and search reads the partition whole; reviews change it a few rows a week at a time.
    private readonly PartitionSnapshot<IReadOnlyList<LatestStatus>> portfolio = new(
        new PartitionVersionStore(service),
        TableName,
        PortfolioPartition,
        cancellationToken => service.GetTableClient(TableName).QueryPartitionAsync<StatusEntity, LatestStatus>(PortfolioPartition, e => e.ToStatus(), cancellationToken));

    public async Task<LatestStatus?> GetAsync(string code, CancellationToken cancellationToken)
    {
        var entity = await table.GetEntityIfExistsAsync<StatusEntity>(PortfolioPartition, RowKeyFor(code), cancellationToken: cancellationToken);
        return entity.HasValue ? entity.Value!.ToStatus() : null;
    }

    /// <summary>Every project's status (one partition query), in no particular order.</summary>
    public Task<IReadOnlyList<LatestStatus>> ListAsync(CancellationToken cancellationToken) => portfolio.GetAsync(cancellationToken);

    /// <summary>
    /// Replaces the project's status with what <paramref name="change"/> makes of the stored one (null when absent), if
    /// nobody wrote the row since it was read; a lost race reads again and calls <paramref name="change"/> again. A null
    /// result writes nothing. <paramref name="change"/> may read other tables: whatever it reads after being called
    /// is at least as new as the status it was given, which is what makes a derived status safe to write.
    /// </summary>
    /// <exception cref="ConcurrencyConflictException">The row kept changing under every attempt.</exception>
    public async Task<LatestStatus?> UpdateAsync(string code, Func<LatestStatus?, CancellationToken, Task<LatestStatus?>> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        var rowKey = RowKeyFor(code);
        for (var attempt = 1; attempt <= OptimisticConcurrency.MaxAttempts; attempt++)
        {
            var stored = await table.GetEntityIfExistsAsync<StatusEntity>(PortfolioPartition, rowKey, cancellationToken: cancellationToken);
            var current = stored.HasValue ? stored.Value : null;
            var updated = await change(current?.ToStatus(), cancellationToken);
            if (updated is null)
            {
                return current?.ToStatus();
            }

            var entity = StatusEntity.From(updated);
            try
            {
                _ = current is null
                    ? await table.AddEntityAsync(entity, cancellationToken)
                    : await table.UpdateEntityAsync(entity, current.ETag, TableUpdateMode.Replace, cancellationToken);
                await portfolio.ChangedAsync(cancellationToken);
                return updated;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412)
            {
                // Someone wrote the status between our read and our write: read again and derive again.
            }
        }

        throw new ConcurrencyConflictException(TableName, PortfolioPartition, rowKey, OptimisticConcurrency.MaxAttempts);
    }

    /// <summary>
    /// Adds statuses in bulk (seeding, benchmarks): transactions of up to 100 rows in the portfolio partition. Adds
    /// only, so a status already stored fails its whole transaction rather than being overwritten.
    /// </summary>
    /// <exception cref="TableTransactionFailedException">A transaction failed; earlier ones are committed.</exception>
    public async Task<int> AddManyAsync(IEnumerable<LatestStatus> statuses, CancellationToken cancellationToken)
    {
        try
        {
            return await TableBatch.SubmitAsync(table, statuses.Select(s => new TableTransactionAction(TableTransactionActionType.Add, StatusEntity.From(s))), cancellationToken);
        }
        finally
        {
            await portfolio.ChangedAsync(CancellationToken.None);
        }
    }

    private static string RowKeyFor(string code) => TableKey.Escape(ProjectText.NormalizeCode(code));

    private static string? Amount(decimal? amount) => amount?.ToString(CultureInfo.InvariantCulture);

    private sealed class StatusEntity : ITableEntity
    {
        public string PartitionKey { get; set; } = PortfolioPartition;

        public string RowKey { get; set; } = string.Empty;

        public DateTimeOffset? Timestamp { get; set; }

        public ETag ETag { get; set; }

        public string Code { get; set; } = string.Empty;

        public string Name { get; set; } = string.Empty;

        public string BusinessUnit { get; set; } = string.Empty;

        public string ManagerKey { get; set; } = string.Empty;

        public string ManagerName { get; set; } = string.Empty;

        public string? DeputyKey { get; set; }

        public string? Overall { get; set; }

        public string? PreviousOverall { get; set; }

        /// <summary>JSON list of <see cref="DimensionRag"/>.</summary>
        public string Dimensions { get; set; } = "[]";

        /// <summary>Table Storage has no decimal type: amounts are kept as invariant text, exactly.</summary>
        public string? PercentComplete { get; set; }

        /// <summary>JSON of <see cref="History.EarnedValue"/>.</summary>
        public string? EarnedValue { get; set; }

        public string? NextMilestone { get; set; }

        public string? NextMilestoneDate { get; set; }

        /// <summary>The risks in the canonical answer form (<see cref="ReviewAnswers.Canonical(IEnumerable{RiskEntry})"/>).</summary>
        public string? TopRisks { get; set; }

        public string? Issues { get; set; }

        public string? Decisions { get; set; }

        public string? Summary { get; set; }

        public string? LastReviewPeriod { get; set; }

        public string? SubmittedByKey { get; set; }

        public string? SubmittedByName { get; set; }

        public DateTimeOffset? SubmittedAt { get; set; }

        public int ConsecutiveMissed { get; set; }

        public string? LastMissedPeriod { get; set; }

        public static StatusEntity From(LatestStatus status) => new()
        {
            RowKey = RowKeyFor(status.ProjectCode),
            Code = status.ProjectCode,
            Name = status.ProjectName,
            BusinessUnit = status.BusinessUnit,
            ManagerKey = status.ManagerKey,
            ManagerName = status.ManagerName,
            DeputyKey = status.DeputyKey,
            Overall = status.Overall?.ToString(),
            PreviousOverall = status.PreviousOverall?.ToString(),
            Dimensions = JsonSerializer.Serialize(status.Dimensions, Json),
            PercentComplete = Amount(status.PercentComplete),
            EarnedValue = status.EarnedValue is null ? null : JsonSerializer.Serialize(status.EarnedValue, Json),
            NextMilestone = status.NextMilestone,
            NextMilestoneDate = status.NextMilestoneDate is { } date ? ReviewAnswers.Canonical(date) : null,
            TopRisks = status.TopRisks.Count == 0 ? null : ReviewAnswers.Canonical(status.TopRisks),
            Issues = status.Issues,
            Decisions = status.Decisions,
            Summary = status.Summary,
            LastReviewPeriod = status.LastReviewPeriod?.ToString(),
            SubmittedByKey = status.SubmittedByKey,
            SubmittedByName = status.SubmittedByName,
            SubmittedAt = status.SubmittedAt,
            ConsecutiveMissed = status.ConsecutiveMissed,
            LastMissedPeriod = status.LastMissedPeriod?.ToString(),
        };

        public LatestStatus ToStatus() => new(
            Code,
            Name,
            BusinessUnit,
            ManagerKey,
            ManagerName,
            DeputyKey,
            ParseRag(Overall),
            ParseRag(PreviousOverall),
            JsonSerializer.Deserialize<DimensionRag[]>(Dimensions, Json) ?? [],
            PercentComplete is null ? null : decimal.Parse(PercentComplete, CultureInfo.InvariantCulture),
            EarnedValue is null ? null : JsonSerializer.Deserialize<EarnedValue>(EarnedValue, Json),
            NextMilestone,
            NextMilestoneDate is null ? null : DateOnly.ParseExact(NextMilestoneDate, "yyyy-MM-dd", CultureInfo.InvariantCulture),
            TopRisks is null ? [] : ReviewAnswers.DecodeRisks(TopRisks),
            Issues,
            Decisions,
            Summary,
            LastReviewPeriod is null ? null : ReviewPeriod.Parse(LastReviewPeriod),
            SubmittedByKey,
            SubmittedByName,
            SubmittedAt,
            ConsecutiveMissed,
            LastMissedPeriod is null ? null : ReviewPeriod.Parse(LastMissedPeriod));

        private static Rag? ParseRag(string? text) => text is null ? null : Enum.Parse<Rag>(text);
    }
}
