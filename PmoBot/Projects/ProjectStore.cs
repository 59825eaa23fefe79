using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using PmoBot.Storage;

namespace PmoBot.Projects;

/// <summary>A write of an import batch: a new project (no ETag) or a replacement of the version with <see cref="ETag"/>.</summary>
public sealed record ProjectWrite(Project Project, string? ETag);

/// <summary>
/// Table <c>Projects</c>: PartitionKey = <c>register</c>, RowKey = project code. The whole register is one
/// partition, so the PMO's and leaders' lists are one partition query, a project is a point read by code, and an
/// import commits up to 100 projects per transaction. Milestones and baseline are JSON properties of the row.
/// </summary>
public sealed class ProjectStore(TableServiceClient service)
{
    public const string TableName = "Projects";
    public const string RegisterPartition = "register";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly TableClient table = service.GetTableClient(TableName);

    // The register is read whole by every portfolio view and search; it changes far less often than it is read.
    private readonly PartitionSnapshot<IReadOnlyList<StoredProject>> register = new(
        new PartitionVersionStore(service), TableName, RegisterPartition, cancellationToken => service.GetTableClient(TableName).QueryPartitionAsync<ProjectEntity, StoredProject>(RegisterPartition, e => e.ToStored(), cancellationToken));

    public async Task<StoredProject?> GetAsync(string code, CancellationToken cancellationToken)
    {
        var entity = await table.GetEntityIfExistsAsync<ProjectEntity>(RegisterPartition, ProjectEntity.RowKeyFor(code), cancellationToken: cancellationToken);
        return entity.HasValue ? entity.Value!.ToStored() : null;
    }

    /// <summary>The register's list lines, from the kept register (no second read of the partition).</summary>
    public async Task<IReadOnlyList<ProjectSummary>> ListSummariesAsync(CancellationToken cancellationToken) =>
        [.. (await ListAsync(cancellationToken)).Select(s => s.Project).Select(p => p.Summary)];

    /// <summary>The whole register: one point read of its version, and the partition only when it changed since last read.</summary>
    public Task<IReadOnlyList<StoredProject>> ListAsync(CancellationToken cancellationToken) => register.GetAsync(cancellationToken);

    /// <summary>
    /// Applies <paramref name="change"/> to the stored version (null when absent) under optimistic concurrency; a
    /// null result writes nothing. Returns the version stored afterwards (null when there is none).
    /// </summary>
    public async Task<StoredProject?> UpdateAsync(string code, Func<StoredProject?, Project?> change, ChangeStamp stamp, CancellationToken cancellationToken)
    {
        var wrote = false;
        var stored = await OptimisticConcurrency.UpdateAsync<ProjectEntity>(
            table,
            RegisterPartition,
            ProjectEntity.RowKeyFor(code),
            entity =>
            {
                var updated = change(entity?.ToStored()) is { } project ? ProjectEntity.From(project, stamp) : null;
                wrote = updated is not null;
                return updated;
            },
            cancellationToken);
        if (wrote)
        {
            await register.ChangedAsync(cancellationToken);
        }

        return stored?.ToStored();
    }

    /// <summary>Commits the writes in transactions of up to 100; a project changed since it was read fails its whole transaction.</summary>
    /// <exception cref="TableTransactionFailedException">A transaction failed; earlier ones are committed.</exception>
    public async Task<int> SubmitAsync(IEnumerable<ProjectWrite> writes, ChangeStamp stamp, CancellationToken cancellationToken)
    {
        try
        {
            return await TableBatch.SubmitAsync(
                table,
                writes.Select(w => w.ETag is null
                    ? new TableTransactionAction(TableTransactionActionType.Add, ProjectEntity.From(w.Project, stamp))
                    : new TableTransactionAction(TableTransactionActionType.UpdateReplace, ProjectEntity.From(w.Project, stamp), new ETag(w.ETag))),
                cancellationToken);
        }
        finally
        {
            // Earlier transactions may have committed even when a later one failed.
            await register.ChangedAsync(CancellationToken.None);
        }
    }

    private sealed class ProjectEntity : ITableEntity
    {
        public string PartitionKey { get; set; } = RegisterPartition;

        public string RowKey { get; set; } = string.Empty;

        public DateTimeOffset? Timestamp { get; set; }

        public ETag ETag { get; set; }

        public string Code { get; set; } = string.Empty;

        public string Name { get; set; } = string.Empty;

        public string BusinessUnit { get; set; } = string.Empty;

        public string ManagerKey { get; set; } = string.Empty;

        public string ManagerName { get; set; } = string.Empty;

        public string? DeputyKey { get; set; }

        public string? DeputyName { get; set; }

        public string Sponsor { get; set; } = string.Empty;

        public string Stage { get; set; } = string.Empty;

        public string Start { get; set; } = string.Empty;

        public string PlannedEnd { get; set; } = string.Empty;

        /// <summary>Table Storage has no decimal type: amounts are kept as invariant text, exactly.</summary>
        public string BudgetAtCompletion { get; set; } = "0";

        public string Currency { get; set; } = string.Empty;

        public string Cadence { get; set; } = string.Empty;

        public string Status { get; set; } = string.Empty;

        public string Milestones { get; set; } = "[]";

        public string Baseline { get; set; } = "[]";

        public string UpdatedBy { get; set; } = string.Empty;

        public DateTimeOffset UpdatedAt { get; set; }

        public static string RowKeyFor(string code) => TableKey.Escape(ProjectText.NormalizeCode(code));

        public static ProjectEntity From(Project project, ChangeStamp stamp) => new()
        {
            RowKey = RowKeyFor(project.Code),
            Code = project.Code,
            Name = project.Name,
            BusinessUnit = project.BusinessUnit,
            ManagerKey = project.Manager.UserKey,
            ManagerName = project.Manager.Name,
            DeputyKey = project.Deputy?.UserKey,
            DeputyName = project.Deputy?.Name,
            Sponsor = project.Sponsor,
            Stage = project.Stage.ToString(),
            Start = ProjectText.TypedDate(project.Start),
            PlannedEnd = ProjectText.TypedDate(project.PlannedEnd),
            BudgetAtCompletion = project.BudgetAtCompletion.ToString(CultureInfo.InvariantCulture),
            Currency = project.Currency,
            Cadence = project.Cadence.ToString(),
            Status = project.Status.ToString(),
            Milestones = JsonSerializer.Serialize(project.Milestones, Json),
            Baseline = JsonSerializer.Serialize(project.Baseline, Json),
            UpdatedBy = stamp.By,
            UpdatedAt = stamp.At,
        };

        public StoredProject ToStored() => new(
            new Project(
                Code,
                Name,
                BusinessUnit,
                new ProjectPerson(ManagerKey, ManagerName),
                DeputyKey is null ? null : new ProjectPerson(DeputyKey, DeputyName ?? DeputyKey),
                Sponsor,
                Enum.Parse<ProjectStage>(Stage),
                DateOnly.ParseExact(Start, ProjectText.DateFormat, CultureInfo.InvariantCulture),
                DateOnly.ParseExact(PlannedEnd, ProjectText.DateFormat, CultureInfo.InvariantCulture),
                decimal.Parse(BudgetAtCompletion, CultureInfo.InvariantCulture),
                Currency,
                JsonSerializer.Deserialize<BaselinePoint[]>(Baseline, Json) ?? [],
                JsonSerializer.Deserialize<Milestone[]>(Milestones, Json) ?? [],
                Enum.Parse<ReviewCadence>(Cadence),
                Enum.Parse<ProjectStatus>(Status)),
            ETag.ToString(),
            new ChangeStamp(UpdatedBy, UpdatedAt));
    }
}
