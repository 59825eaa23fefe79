using Azure;
using Azure.Data.Tables;
using PmoBot.Reviews.Templates;
using PmoBot.Storage;

namespace PmoBot.Reviews.CheckIn;

/// <summary>
/// Table <c>ReviewSessions</c>: PartitionKey = the PM's user key, RowKey <c>current</c>. One open review per PM, read and
/// written once per answer with its ETag. The opportunity review keeps its sessions the same way in a table of its own.
/// </summary>
public sealed class ReviewSessionStore(TableServiceClient service, string tableName = ReviewSessionStore.TableName)
{
    public const string TableName = "ReviewSessions";

    private const string CurrentRow = "current";

    private readonly TableClient table = service.GetTableClient(tableName);

    public async Task<StoredReviewSession?> GetAsync(string userKey, CancellationToken cancellationToken)
    {
        var entity = await table.GetEntityIfExistsAsync<SessionEntity>(TableKey.Escape(userKey), CurrentRow, cancellationToken: cancellationToken);
        return entity.HasValue ? new StoredReviewSession(entity.Value!.ToSession(), entity.Value.ETag.ToString()) : null;
    }

    /// <summary>Writes the session if the stored one still has <paramref name="expectedETag"/> (null: if there is none); false when it changed meanwhile.</summary>
    public async Task<bool> TrySaveAsync(ReviewSession session, string? expectedETag, CancellationToken cancellationToken)
    {
        var entity = SessionEntity.From(session);
        try
        {
            if (expectedETag is null)
            {
                await table.AddEntityAsync(entity, cancellationToken);
            }
            else
            {
                await table.UpdateEntityAsync(entity, new ETag(expectedETag), TableUpdateMode.Replace, cancellationToken);
            }

            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            return false;
        }
    }

    /// <summary>Removes the session if it is still the one with <paramref name="expectedETag"/>; false when it changed or is gone.</summary>
    public async Task<bool> TryDeleteAsync(string userKey, string expectedETag, CancellationToken cancellationToken)
    {
        try
        {
            await table.DeleteEntityAsync(TableKey.Escape(userKey), CurrentRow, new ETag(expectedETag), cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            return false;
        }
    }

    private sealed class SessionEntity : ITableEntity
    {
        public string PartitionKey { get; set; } = string.Empty;

        public string RowKey { get; set; } = string.Empty;

        public DateTimeOffset? Timestamp { get; set; }

        public ETag ETag { get; set; }

        public string UserKey { get; set; } = string.Empty;

        public string SessionId { get; set; } = string.Empty;

        public string ProjectCode { get; set; } = string.Empty;

        public string ProjectName { get; set; } = string.Empty;

        public string Currency { get; set; } = string.Empty;

        public string Period { get; set; } = string.Empty;

        public int TemplateVersion { get; set; }

        public string Stage { get; set; } = string.Empty;

        public int Step { get; set; }

        public bool Paused { get; set; }

        public bool ReturnToSummary { get; set; }

        public string Answers { get; set; } = string.Empty;

        public string Defaults { get; set; } = string.Empty;

        public string Queue { get; set; } = string.Empty;

        public DateTimeOffset StartedAt { get; set; }

        public DateTimeOffset UpdatedAt { get; set; }

        public bool Correcting { get; set; }

        public bool Submitted { get; set; }

        public static SessionEntity From(ReviewSession session) => new()
        {
            PartitionKey = TableKey.Escape(session.UserKey),
            RowKey = CurrentRow,
            UserKey = session.UserKey,
            SessionId = session.SessionId,
            ProjectCode = session.ProjectCode,
            ProjectName = session.ProjectName,
            Currency = session.Currency,
            Period = session.Period.ToString(),
            TemplateVersion = session.TemplateVersion,
            Stage = session.Stage.ToString(),
            Step = session.Step,
            Paused = session.Paused,
            ReturnToSummary = session.ReturnToSummary,
            Answers = session.Answers.ToJson(),
            Defaults = session.Defaults.ToJson(),
            Queue = string.Join(',', session.Queue),
            StartedAt = session.StartedAt,
            UpdatedAt = session.UpdatedAt,
            Correcting = session.Correcting,
            Submitted = session.Submitted,
        };

        public ReviewSession ToSession() => new(
            UserKey,
            SessionId,
            ProjectCode,
            ProjectName,
            Currency,
            ReviewPeriod.Parse(Period),
            TemplateVersion,
            Enum.Parse<ReviewStage>(Stage),
            Step,
            Paused,
            ReturnToSummary,
            ReviewAnswers.FromJson(Answers),
            ReviewAnswers.FromJson(Defaults),
            Queue.Split(',', StringSplitOptions.RemoveEmptyEntries),
            StartedAt,
            UpdatedAt,
            Correcting,
            Submitted);
    }
}
