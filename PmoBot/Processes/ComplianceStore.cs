using Azure;
using Azure.Data.Tables;
using PmoBot.Projects;
using PmoBot.Reviews;
using PmoBot.Reviews.Templates;
using PmoBot.Storage;

namespace PmoBot.Processes;

/// <summary>One compliance answer of one review: the project and its PM as they were that week, the process and the answer.</summary>
public sealed record ComplianceRecord(
    ReviewPeriod Period,
    string ProjectCode,
    string ProjectName,
    string BusinessUnit,
    ProjectStage Stage,
    string ManagerKey,
    string ManagerName,
    string ProcessKey,
    string QuestionId,
    string QuestionText,
    ComplianceAnswer Answer,
    int TemplateVersion,
    DateTimeOffset RecordedAt);

/// <summary>
/// Table <c>ComplianceAnswers</c>: PartitionKey the ISO week (<c>2026-W23</c>), RowKey <c>{project code}|{question id}</c>.
/// <c>compliance</c> over the last N weeks reads N partitions, never the review history of every project; a project's
/// answers in a week are a key range of one partition, replaced whole in one transaction when its review is
/// submitted again (a late or corrected review).
/// </summary>
public sealed class ComplianceStore(TableServiceClient service, string tableName = ComplianceStore.TableName)
{
    public const string TableName = "ComplianceAnswers";

    private readonly TableClient table = service.GetTableClient(tableName);

    public static string RowKeyFor(string projectCode, string questionId) => $"{TableKey.Escape(projectCode)}|{TableKey.Escape(questionId)}";

    /// <summary>The project's answers for the week become exactly <paramref name="records"/>: new ones written, ones no longer answered removed.</summary>
    public async Task ReplaceAsync(ReviewPeriod period, string projectCode, IReadOnlyList<ComplianceRecord> records, CancellationToken cancellationToken)
    {
        var partition = period.ToString();
        var prefix = TableKey.Escape(projectCode) + "|";
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {prefix} and RowKey lt {prefix[..^1] + "}"}");
        var keep = records.Select(r => RowKeyFor(r.ProjectCode, r.QuestionId)).ToHashSet(StringComparer.Ordinal);
        var actions = new List<TableTransactionAction>();
        await foreach (var stale in table.QueryAsync<TableEntity>(filter, select: ["RowKey"], cancellationToken: cancellationToken))
        {
            if (!keep.Contains(stale.RowKey))
            {
                actions.Add(new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(partition, stale.RowKey), ETag.All));
            }
        }

        actions.AddRange(records.Select(r => new TableTransactionAction(TableTransactionActionType.UpsertReplace, ComplianceEntity.From(r))));
        if (actions.Count > 0)
        {
            await TableBatch.SubmitAsync(table, actions, cancellationToken);
        }
    }

    /// <summary>Every answer of the weeks given, one partition query per week, run together.</summary>
    public async Task<IReadOnlyList<ComplianceRecord>> ListAsync(IEnumerable<ReviewPeriod> periods, CancellationToken cancellationToken)
    {
        var weeks = await Task.WhenAll(periods.Select(p => table.QueryPartitionAsync<ComplianceEntity, ComplianceRecord?>(p.ToString(), e => e.ToRecord(), cancellationToken)));
        return weeks.SelectMany(w => w).OfType<ComplianceRecord>().ToList();
    }

    private sealed class ComplianceEntity : ITableEntity
    {
        public string PartitionKey { get; set; } = string.Empty;

        public string RowKey { get; set; } = string.Empty;

        public DateTimeOffset? Timestamp { get; set; }

        public ETag ETag { get; set; }

        public string ProjectCode { get; set; } = string.Empty;

        public string ProjectName { get; set; } = string.Empty;

        public string BusinessUnit { get; set; } = string.Empty;

        public string Stage { get; set; } = string.Empty;

        public string ManagerKey { get; set; } = string.Empty;

        public string ManagerName { get; set; } = string.Empty;

        public string ProcessKey { get; set; } = string.Empty;

        public string QuestionId { get; set; } = string.Empty;

        public string QuestionText { get; set; } = string.Empty;

        public string Answer { get; set; } = string.Empty;

        public int TemplateVersion { get; set; }

        public DateTimeOffset RecordedAt { get; set; }

        public static ComplianceEntity From(ComplianceRecord r) => new()
        {
            PartitionKey = r.Period.ToString(),
            RowKey = RowKeyFor(r.ProjectCode, r.QuestionId),
            ProjectCode = r.ProjectCode,
            ProjectName = r.ProjectName,
            BusinessUnit = r.BusinessUnit,
            Stage = r.Stage.ToString(),
            ManagerKey = r.ManagerKey,
            ManagerName = r.ManagerName,
            ProcessKey = r.ProcessKey,
            QuestionId = r.QuestionId,
            QuestionText = r.QuestionText,
            Answer = r.Answer.Canonical,
            TemplateVersion = r.TemplateVersion,
            RecordedAt = r.RecordedAt,
        };

        /// <summary>Null for a row that cannot be read (written by a later version of PmoBot): it is left out of the rates.</summary>
        public ComplianceRecord? ToRecord() =>
            ReviewPeriod.TryParse(PartitionKey, out var period) && ComplianceAnswer.Decode(Answer) is { } answer && Enum.TryParse<ProjectStage>(Stage, out var stage)
                ? new ComplianceRecord(period, ProjectCode, ProjectName, BusinessUnit, stage, ManagerKey, ManagerName, ProcessKey, QuestionId, QuestionText, answer, TemplateVersion, RecordedAt)
                : null;
    }
}
