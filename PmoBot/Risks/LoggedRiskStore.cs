using Azure;
using Azure.Data.Tables;
using PmoBot.Reviews.Templates;
using PmoBot.Storage;

namespace PmoBot.Risks;

/// <summary>
/// Table <c>LoggedRisks</c>: PartitionKey <c>logged</c>, RowKey <c>{escaped code}|{id}</c>. The portfolio's logged risks
/// are one partition query (<c>risks</c>); a project's are a key-range query within it (<c>status</c>). Adding is
/// idempotent by id, so a form submitted twice logs one risk. Partition <c>form</c>, RowKey the form's id: the project
/// a "Log as risk" form logged its risk on, so one form logs one risk even when sent again naming another project.
/// </summary>
public sealed class LoggedRiskStore(TableServiceClient service, string tableName = LoggedRiskStore.TableName)
{
    public const string TableName = "LoggedRisks";

    private const string Partition = "logged";

    private const string FormPartition = "form";

    private readonly TableClient table = service.GetTableClient(tableName);

    /// <returns>False when a risk with that id was already logged (nothing changed).</returns>
    public async Task<bool> AddAsync(LoggedRisk risk, CancellationToken cancellationToken)
    {
        return await table.TryAddAsync(RiskEntity.From(risk), cancellationToken);
    }

    /// <summary>
    /// Adds the risk a "Log as risk" form describes (its id is the form's), at most one per form: the form is claimed for
    /// the risk's project first, then the risk added. A form sent again for the same project repairs a claim whose risk
    /// was not added yet; for another project it adds nothing.
    /// </summary>
    public async Task<FormRiskOutcome> AddFromFormAsync(LoggedRisk risk, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(risk);
        var claim = new TableEntity(FormPartition, TableKey.Escape(risk.Id)) { [nameof(LoggedRisk.ProjectCode)] = risk.ProjectCode };
        if (!await table.TryAddAsync(claim, cancellationToken))
        {
            var claimed = await table.GetEntityAsync<TableEntity>(FormPartition, TableKey.Escape(risk.Id), cancellationToken: cancellationToken);
            var claimedCode = claimed.Value.GetString(nameof(LoggedRisk.ProjectCode)) ?? risk.ProjectCode;
            if (!string.Equals(claimedCode, risk.ProjectCode, StringComparison.OrdinalIgnoreCase))
            {
                return new FormRiskOutcome(Added: false, claimedCode);
            }
        }

        return new FormRiskOutcome(await AddAsync(risk, cancellationToken), risk.ProjectCode);
    }

    public Task<IReadOnlyList<LoggedRisk>> ListAsync(CancellationToken cancellationToken) =>
        table.QueryPartitionAsync<RiskEntity, LoggedRisk>(Partition, e => e.ToRisk(), cancellationToken);

    public async Task<IReadOnlyList<LoggedRisk>> ListForProjectAsync(string code, CancellationToken cancellationToken)
    {
        var prefix = TableKey.Escape(code) + "|";
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and RowKey ge {prefix} and RowKey lt {prefix + "~"}");
        var risks = new List<LoggedRisk>();
        await foreach (var entity in table.QueryAsync<RiskEntity>(filter, cancellationToken: cancellationToken))
        {
            risks.Add(entity.ToRisk());
        }

        return risks;
    }

    private sealed class RiskEntity : ITableEntity
    {
        public string PartitionKey { get; set; } = Partition;

        public string RowKey { get; set; } = string.Empty;

        public DateTimeOffset? Timestamp { get; set; }

        public ETag ETag { get; set; }

        public string ProjectCode { get; set; } = string.Empty;

        public string Id { get; set; } = string.Empty;

        public string Description { get; set; } = string.Empty;

        public string Probability { get; set; } = string.Empty;

        public string Impact { get; set; } = string.Empty;

        public string Owner { get; set; } = string.Empty;

        public string LoggedByKey { get; set; } = string.Empty;

        public string LoggedByName { get; set; } = string.Empty;

        public DateTimeOffset LoggedAt { get; set; }

        public string? SourceMessage { get; set; }

        public string? Contingency { get; set; }

        public static RiskEntity From(LoggedRisk risk) => new()
        {
            RowKey = $"{TableKey.Escape(risk.ProjectCode)}|{TableKey.Escape(risk.Id)}",
            ProjectCode = risk.ProjectCode,
            Id = risk.Id,
            Description = risk.Description,
            Probability = risk.Probability.ToString(),
            Impact = risk.Impact.ToString(),
            Owner = risk.Owner,
            LoggedByKey = risk.LoggedByKey,
            LoggedByName = risk.LoggedByName,
            LoggedAt = risk.LoggedAt,
            SourceMessage = risk.SourceMessage,
            Contingency = risk.Contingency,
        };

        public LoggedRisk ToRisk() => new(
            ProjectCode,
            Id,
            Description,
            Enum.Parse<RiskLevel>(Probability),
            Enum.Parse<RiskLevel>(Impact),
            Owner,
            LoggedByKey,
            LoggedByName,
            LoggedAt,
            SourceMessage,
            Contingency);
    }
}

/// <summary>What adding a form's risk did.</summary>
/// <param name="Added">True when this call logged the risk; false when the form had logged one already.</param>
/// <param name="ProjectCode">The project the form's risk is logged on (another than asked when the form logged one there first).</param>
public sealed record FormRiskOutcome(bool Added, string ProjectCode);
