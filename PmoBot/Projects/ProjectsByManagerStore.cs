using Azure;
using Azure.Data.Tables;
using PmoBot.Storage;

namespace PmoBot.Projects;

/// <summary>A project as it appears in a PM's list, with the part the PM plays in it.</summary>
public sealed record ManagedProject(string UserKey, ProjectRole Role, ProjectSummary Project);

/// <summary>
/// Table <c>ProjectsByManager</c>: PartitionKey = user key of the PM or deputy, RowKey = project code, with a
/// <c>Role</c> property (Manager or Deputy) and the summary a list shows. A PM's projects are one partition query.
/// The <c>Projects</c> row is the truth: this index is written after it and re-written by any later save.
/// </summary>
public sealed class ProjectsByManagerStore(TableServiceClient service)
{
    public const string TableName = "ProjectsByManager";

    private readonly TableClient table = service.GetTableClient(TableName);

    public Task<IReadOnlyList<ManagedProject>> ListAsync(string userKey, CancellationToken cancellationToken) =>
        table.QueryPartitionAsync<ManagedProjectEntity, ManagedProject>(TableKey.Escape(userKey), e => e.ToManagedProject(), cancellationToken);

    /// <summary>Writes the rows, one transaction per person (partition) and 100 rows.</summary>
    public Task<int> PutAsync(IEnumerable<ManagedProject> rows, CancellationToken cancellationToken) =>
        TableBatch.UpsertAsync(table, rows.Select(ManagedProjectEntity.From), cancellationToken);

    public Task RemoveAsync(string userKey, string code, CancellationToken cancellationToken) =>
        table.DeleteIfExistsAsync(TableKey.Escape(userKey), TableKey.Escape(code), cancellationToken);

    private sealed class ManagedProjectEntity : ITableEntity
    {
        public string PartitionKey { get; set; } = string.Empty;

        public string RowKey { get; set; } = string.Empty;

        public DateTimeOffset? Timestamp { get; set; }

        public ETag ETag { get; set; }

        public string UserKey { get; set; } = string.Empty;

        public string Role { get; set; } = string.Empty;

        public string Code { get; set; } = string.Empty;

        public string Name { get; set; } = string.Empty;

        public string BusinessUnit { get; set; } = string.Empty;

        public string ManagerName { get; set; } = string.Empty;

        public string Stage { get; set; } = string.Empty;

        public string Status { get; set; } = string.Empty;

        public string? Start { get; set; }

        public static ManagedProjectEntity From(ManagedProject row) => new()
        {
            PartitionKey = TableKey.Escape(row.UserKey),
            RowKey = TableKey.Escape(row.Project.Code),
            UserKey = row.UserKey,
            Role = row.Role.ToString(),
            Code = row.Project.Code,
            Name = row.Project.Name,
            BusinessUnit = row.Project.BusinessUnit,
            ManagerName = row.Project.ManagerName,
            Stage = row.Project.Stage.ToString(),
            Status = row.Project.Status.ToString(),
            Start = row.Project.Start is { } start ? ProjectText.TypedDate(start) : null,
        };

        public ManagedProject ToManagedProject() => new(
            UserKey,
            Enum.Parse<ProjectRole>(Role),
            new ProjectSummary(Code, Name, BusinessUnit, ManagerName, Enum.Parse<ProjectStage>(Stage), Enum.Parse<ProjectStatus>(Status),
                ProjectText.TryParseDate(Start, out var start) ? start : null));
    }
}
