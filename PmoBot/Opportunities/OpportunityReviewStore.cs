using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using PmoBot.Reviews.Templates;
using PmoBot.Storage;

namespace PmoBot.Opportunities;

/// <summary>
/// Table <c>OpportunityReviews</c>: PartitionKey the opportunity code, RowKey the review id. An opportunity's history is
/// one partition query (a handful of reviews across its stages); a review is a point read. The id is the review's run
/// (its chat session or form), so a review submitted twice is stored once. Answers and deal-killers are JSON.
/// </summary>
public sealed class OpportunityReviewStore(TableServiceClient service, string tableName = OpportunityReviewStore.TableName)
{
    public const string TableName = "OpportunityReviews";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly TableClient table = service.GetTableClient(tableName);

    /// <returns>False when a review with that id is stored already (nothing changed).</returns>
    public async Task<bool> AddAsync(OpportunityReview review, CancellationToken cancellationToken)
    {
        return await table.TryAddAsync(ReviewEntity.From(review), cancellationToken);
    }

    public async Task<OpportunityReview?> GetAsync(string code, string id, CancellationToken cancellationToken)
    {
        var entity = await table.GetEntityIfExistsAsync<ReviewEntity>(ReviewEntity.PartitionKeyFor(code), TableKey.Escape(id), cancellationToken: cancellationToken);
        return entity.HasValue ? entity.Value!.ToReview() : null;
    }

    /// <summary>The review the opportunity names as its latest, or null when it has none.</summary>
    public async Task<OpportunityReview?> GetLatestAsync(Opportunity opportunity, CancellationToken cancellationToken) =>
        opportunity.LatestReview is { } headline ? await GetAsync(opportunity.Code, headline.ReviewId, cancellationToken) : null;

    /// <summary>The opportunity's reviews, newest first.</summary>
    public async Task<IReadOnlyList<OpportunityReview>> ListAsync(string code, CancellationToken cancellationToken) =>
        (await table.QueryPartitionAsync<ReviewEntity, OpportunityReview>(ReviewEntity.PartitionKeyFor(code), e => e.ToReview(), cancellationToken))
            .OrderByDescending(r => r.At)
            .ToList();

    /// <summary>Records a leader's override on the review under its ETag; null when the review is gone.</summary>
    public async Task<OpportunityReview?> SetOverrideAsync(string code, string id, DealKillerOverride decision, CancellationToken cancellationToken)
    {
        var stored = await OptimisticConcurrency.UpdateAsync<ReviewEntity>(
            table,
            ReviewEntity.PartitionKeyFor(code),
            TableKey.Escape(id),
            entity => entity is null ? null : ReviewEntity.From(entity.ToReview() with { Override = decision }),
            cancellationToken);
        return stored?.ToReview();
    }

    private sealed class ReviewEntity : ITableEntity
    {
        public string PartitionKey { get; set; } = string.Empty;

        public string RowKey { get; set; } = string.Empty;

        public DateTimeOffset? Timestamp { get; set; }

        public ETag ETag { get; set; }

        public string OpportunityCode { get; set; } = string.Empty;

        public string Id { get; set; } = string.Empty;

        public string Stage { get; set; } = string.Empty;

        public int TemplateVersion { get; set; }

        public string Answers { get; set; } = "{}";

        public string Score { get; set; } = "0";

        public string ScoreBand { get; set; } = string.Empty;

        public string DealKillers { get; set; } = "[]";

        public string? Override { get; set; }

        public string ReviewedByKey { get; set; } = string.Empty;

        public string ReviewedBy { get; set; } = string.Empty;

        public DateTimeOffset At { get; set; }

        public static string PartitionKeyFor(string code) => TableKey.Escape(Projects.ProjectText.NormalizeCode(code));

        public static ReviewEntity From(OpportunityReview review) => new()
        {
            PartitionKey = PartitionKeyFor(review.OpportunityCode),
            RowKey = TableKey.Escape(review.Id),
            OpportunityCode = review.OpportunityCode,
            Id = review.Id,
            Stage = review.Stage.ToString(),
            TemplateVersion = review.TemplateVersion,
            Answers = review.Answers.ToJson(),
            Score = review.Score.ToString(CultureInfo.InvariantCulture),
            ScoreBand = review.ScoreBand.ToString(),
            DealKillers = JsonSerializer.Serialize(review.DealKillers, Json),
            Override = review.Override is null ? null : JsonSerializer.Serialize(review.Override, Json),
            ReviewedByKey = review.ReviewedByKey,
            ReviewedBy = review.ReviewedBy,
            At = review.At,
        };

        public OpportunityReview ToReview() => new(
            OpportunityCode,
            Id,
            Enum.Parse<OpportunityStage>(Stage),
            TemplateVersion,
            ReviewAnswers.FromJson(Answers),
            decimal.Parse(Score, CultureInfo.InvariantCulture),
            Enum.Parse<Band>(ScoreBand),
            JsonSerializer.Deserialize<List<string>>(DealKillers, Json) ?? [],
            Override is null ? null : JsonSerializer.Deserialize<DealKillerOverride>(Override, Json),
            ReviewedByKey,
            ReviewedBy,
            At);
    }
}
