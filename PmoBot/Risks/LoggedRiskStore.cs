using Azure;
using Azure.Data.Tables;
using PmoBot.Reviews.Templates;
using PmoBot.Storage;

namespace PmoBot.Risks;

/// <summary>
/// Table <c>LoggedRisks</c>: PartitionKey <c>logged</c>, RowKey <c>{escaped code}|{id}</c>. The portfolio's logged risks
/// are one partition query (<c>risks</c>); a project's are a key-range query within it (<c>status</c>). Adding is
/// idempotent by id, so a form submitted twice logs one risk.
/// </summary>
public sealed class LoggedRiskStore(TableServiceClient service, string tableName = LoggedRiskStore.TableName)
{
    public const string TableName = "LoggedRisks";

    private const string Partition = "logged";

    private readonly TableClient table = service.GetTableClient(tableName);

    /// <returns>False when a risk with that id was already logged (nothing changed).</returns>
    public async Task<bool> AddAsync(LoggedRisk risk, CancellationToken cancellationToken)
    {
        return await table.TryAddAsync(RiskEntity.From(risk), cancellationToken);
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
