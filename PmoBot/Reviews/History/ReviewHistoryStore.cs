using System.Runtime.CompilerServices;
using System.Text.Json;
using Azure.Data.Tables;
using PmoBot.Projects;
using PmoBot.Reviews.Templates;
using PmoBot.Storage;

namespace PmoBot.Reviews.History;

/// <summary>
/// Table <c>ReviewHistory</c>: PartitionKey = project code, RowKey = <see cref="ReviewPeriod.InvertedKey"/>, so a
/// project's reviews are one partition read newest first and "the last n reviews" reads n rows. A period's row is
/// written under its ETag: a correction or a late review replaces it, two writers never overwrite each other blindly.
/// </summary>
public sealed class ReviewHistoryStore(TableServiceClient service)
{
    public const string TableName = "ReviewHistory";

    /// <summary>Table Storage returns at most this many rows a request.</summary>
    public const int MaxPageSize = 1_000;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly TableClient table = service.GetTableClient(TableName);

    public async Task<ReviewRecord?> GetAsync(string code, ReviewPeriod period, CancellationToken cancellationToken)
    {
        var entity = await table.GetEntityIfExistsAsync<TableEntity>(PartitionFor(code), period.InvertedKey, cancellationToken: cancellationToken);
        return entity.HasValue ? ToRecord(entity.Value!) : null;
    }

    /// <summary>The newest <paramref name="count"/> reviews, newest first; only that many rows are read.</summary>
    public async Task<IReadOnlyList<ReviewRecord>> RecentAsync(string code, int count, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        var records = new List<ReviewRecord>(Math.Min(count, MaxPageSize));
        await foreach (var record in NewestFirstAsync(code, count, cancellationToken))
        {
            records.Add(record);
            if (records.Count == count)
            {
                break;
            }
        }

        return records;
    }

    /// <summary>
    /// The project's reviews newest first, read <paramref name="pageSize"/> rows a request as the caller goes on,
    /// so a caller that stops early reads little.
    /// </summary>
    public async IAsyncEnumerable<ReviewRecord> NewestFirstAsync(string code, int pageSize, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {PartitionFor(code)}");
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, maxPerPage: Math.Clamp(pageSize, 1, MaxPageSize), cancellationToken: cancellationToken))
        {
            yield return ToRecord(entity);
        }
    }

    /// <summary>
    /// Applies <paramref name="change"/> to the period's stored review (null when there is none) under its ETag; a null
    /// result writes nothing. A lost race re-reads and calls <paramref name="change"/> again, so it must decide from
    /// its argument alone. Returns the review stored afterwards.
    /// </summary>
    /// <exception cref="ConcurrencyConflictException">The row kept changing under every attempt.</exception>
    public async Task<ReviewRecord?> UpdateAsync(string code, ReviewPeriod period, Func<ReviewRecord?, ReviewRecord?> change, CancellationToken cancellationToken)
    {
        var stored = await OptimisticConcurrency.UpdateAsync<TableEntity>(
            table,
            PartitionFor(code),
            period.InvertedKey,
            entity => change(entity is null ? null : ToRecord(entity)) is { } updated ? FromRecord(updated) : null,
            cancellationToken);
        return stored is null ? null : ToRecord(stored);
    }

    /// <summary>
    /// Adds reviews in bulk (seeding, benchmarks): transactions of up to 100 rows within a project's partition. Adds
    /// only, so a row already stored fails its whole transaction rather than being overwritten.
    /// </summary>
    /// <exception cref="TableTransactionFailedException">A transaction failed; earlier ones are committed.</exception>
    public Task<int> AddManyAsync(IEnumerable<ReviewRecord> records, CancellationToken cancellationToken) =>
        TableBatch.SubmitAsync(table, records.Select(r => new TableTransactionAction(TableTransactionActionType.Add, FromRecord(r))), cancellationToken);

    private static string PartitionFor(string code) => TableKey.Escape(ProjectText.NormalizeCode(code));

    private static TableEntity FromRecord(ReviewRecord record)
    {
        var entity = new TableEntity(PartitionFor(record.ProjectCode), record.Period.InvertedKey)
        {
            ["Code"] = record.ProjectCode,
            ["Period"] = record.Period.ToString(),
            ["Outcome"] = record.Outcome.ToString(),
            ["TemplateVersion"] = record.TemplateVersion,
            ["RecordedAt"] = record.RecordedAt,
        };

        // Table Storage keeps no nulls: a missed review's row simply has no submitter, submission or earned value.
        AddIfPresent(entity, "SubmittedByKey", record.SubmittedByKey);
        AddIfPresent(entity, "SubmittedByName", record.SubmittedByName);
        AddIfPresent(entity, "SubmissionId", record.SubmissionId);
        AddIfPresent(entity, "EarnedValue", record.EarnedValue is null ? null : JsonSerializer.Serialize(record.EarnedValue, Json));
        LongTextProperty.Write(entity, "Answers", record.Answers.ToJson());
        return entity;
    }

    private static void AddIfPresent(TableEntity entity, string name, string? value)
    {
        if (value is not null)
        {
            entity[name] = value;
        }
    }

    private static ReviewRecord ToRecord(TableEntity entity) => new(
        entity.GetString("Code"),
        ReviewPeriod.Parse(entity.GetString("Period")),
        Enum.Parse<ReviewOutcome>(entity.GetString("Outcome")),
        entity.GetInt32("TemplateVersion") ?? 0,
        ReviewAnswers.FromJson(LongTextProperty.Read(entity, "Answers")),
        entity.GetString("SubmittedByKey"),
        entity.GetString("SubmittedByName"),
        entity.GetDateTimeOffset("RecordedAt") ?? DateTimeOffset.MinValue,
        entity.GetString("SubmissionId"),
        entity.GetString("EarnedValue") is { } earnedValue ? JsonSerializer.Deserialize<EarnedValue>(earnedValue, Json) : null);
}
