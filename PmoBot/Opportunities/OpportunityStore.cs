using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Azure;
using Azure.Data.Tables;
using PmoBot.Projects;
using PmoBot.Storage;

namespace PmoBot.Opportunities;

/// <summary>
/// Table <c>Opportunities</c>: PartitionKey <c>pipeline</c>, RowKey the opportunity code. The pipeline is tens to a few
/// hundred open deals, so it is one partition like the project register: <c>opportunities</c> and <c>pipeline</c> are one
/// partition query, an opportunity is a point read by code, and an import commits up to 100 per transaction. The
/// handover notes and the latest review's headline are JSON properties of the row.
/// </summary>
public sealed class OpportunityStore(TableServiceClient service, string tableName = OpportunityStore.TableName)
{
    public const string TableName = "Opportunities";
    public const string Partition = "pipeline";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private readonly TableClient table = service.GetTableClient(tableName);

    public async Task<StoredOpportunity?> GetAsync(string code, CancellationToken cancellationToken)
    {
        var entity = await table.GetEntityIfExistsAsync<OpportunityEntity>(Partition, OpportunityEntity.RowKeyFor(code), cancellationToken: cancellationToken);
        return entity.HasValue ? entity.Value!.ToStored() : null;
    }

    public Task<IReadOnlyList<StoredOpportunity>> ListAsync(CancellationToken cancellationToken) =>
        table.QueryPartitionAsync<OpportunityEntity, StoredOpportunity>(Partition, e => e.ToStored(), cancellationToken);

    /// <summary>
    /// Applies <paramref name="change"/> to the stored version (null when absent) under optimistic concurrency; a null
    /// result writes nothing. Returns the version stored afterwards (null when there is none).
    /// </summary>
    public async Task<StoredOpportunity?> UpdateAsync(string code, Func<StoredOpportunity?, Opportunity?> change, ChangeStamp stamp, CancellationToken cancellationToken)
    {
        var stored = await OptimisticConcurrency.UpdateAsync<OpportunityEntity>(
            table,
            Partition,
            OpportunityEntity.RowKeyFor(code),
            entity => change(entity?.ToStored()) is { } updated ? OpportunityEntity.From(updated, stamp, ClosedStamp(entity, updated, stamp)) : null,
            cancellationToken);
        return stored?.ToStored();
    }

    /// <summary>Commits new opportunities (no ETag) and replacements (the ETag they were read at) in transactions of up to 100.</summary>
    /// <remarks>A closed deal written by an import is stamped closed by the import: the row it replaces is not read.</remarks>
    /// <exception cref="TableTransactionFailedException">A transaction failed; earlier ones are committed.</exception>
    public Task<int> SubmitAsync(IEnumerable<(Opportunity Opportunity, string? ETag)> writes, ChangeStamp stamp, CancellationToken cancellationToken) =>
        TableBatch.SubmitAsync(
            table,
            writes.Select(w => w.ETag is null
                ? new TableTransactionAction(TableTransactionActionType.Add, OpportunityEntity.From(w.Opportunity, stamp, w.Opportunity.IsClosed ? stamp : null))
                : new TableTransactionAction(TableTransactionActionType.UpdateReplace, OpportunityEntity.From(w.Opportunity, stamp, w.Opportunity.IsClosed ? stamp : null), new ETag(w.ETag))),
            cancellationToken);

    /// <summary>
    /// When and by whom the deal was closed: kept from the stored row while it stays closed at the same stage (a later
    /// change, such as a review's override, is not its closing), this change's stamp when it closes the deal, none while open.
    /// </summary>
    private static ChangeStamp? ClosedStamp(OpportunityEntity? before, Opportunity after, ChangeStamp stamp) =>
        !after.IsClosed ? null
            : before is { ClosedAt: { } at } && before.Stage == after.Stage.ToString() ? new ChangeStamp(before.ClosedBy ?? before.UpdatedBy, at)
            : stamp;

    private sealed class OpportunityEntity : ITableEntity
    {
        public string PartitionKey { get; set; } = Partition;

        public string RowKey { get; set; } = string.Empty;

        public DateTimeOffset? Timestamp { get; set; }

        public ETag ETag { get; set; }

        public string Code { get; set; } = string.Empty;

        public string Account { get; set; } = string.Empty;

        public string Name { get; set; } = string.Empty;

        public string BusinessUnit { get; set; } = string.Empty;

        /// <summary>Table Storage has no decimal type: amounts are kept as invariant text, exactly.</summary>
        public string Value { get; set; } = "0";

        public string Currency { get; set; } = string.Empty;

        public string ContractType { get; set; } = string.Empty;

        public string Stage { get; set; } = string.Empty;

        public string ExpectedClose { get; set; } = string.Empty;

        public string DeliveryStart { get; set; } = string.Empty;

        public string? DeliveryEnd { get; set; }

        public string SalesOwnerKey { get; set; } = string.Empty;

        public string SalesOwnerName { get; set; } = string.Empty;

        public string? ProposedPmKey { get; set; }

        public string? ProposedPmName { get; set; }

        public string? Sponsor { get; set; }

        public string Notes { get; set; } = "{}";

        public string? StageReason { get; set; }

        public string? ProjectCode { get; set; }

        public string? LatestReview { get; set; }

        public string UpdatedBy { get; set; } = string.Empty;

        public DateTimeOffset UpdatedAt { get; set; }

        public string? ClosedBy { get; set; }

        /// <summary>Null while the deal is open, and on rows closed before this column was written.</summary>
        public DateTimeOffset? ClosedAt { get; set; }

        public static string RowKeyFor(string code) => TableKey.Escape(ProjectText.NormalizeCode(code));

        public static OpportunityEntity From(Opportunity o, ChangeStamp stamp, ChangeStamp? closed) => new()
        {
            RowKey = RowKeyFor(o.Code),
            Code = o.Code,
            Account = o.Account,
            Name = o.Name,
            BusinessUnit = o.BusinessUnit,
            Value = o.Value.ToString(CultureInfo.InvariantCulture),
            Currency = o.Currency,
            ContractType = o.ContractType.ToString(),
            Stage = o.Stage.ToString(),
            ExpectedClose = ProjectText.TypedDate(o.ExpectedClose),
            DeliveryStart = ProjectText.TypedDate(o.DeliveryStart),
            DeliveryEnd = o.DeliveryEnd is { } end ? ProjectText.TypedDate(end) : null,
            SalesOwnerKey = o.SalesOwner.UserKey,
            SalesOwnerName = o.SalesOwner.Name,
            ProposedPmKey = o.ProposedPm?.UserKey,
            ProposedPmName = o.ProposedPm?.Name,
            Sponsor = o.Sponsor,
            Notes = JsonSerializer.Serialize(o.Notes, Json),
            StageReason = o.StageReason,
            ProjectCode = o.ProjectCode,
            LatestReview = o.LatestReview is null ? null : JsonSerializer.Serialize(o.LatestReview, Json),
            UpdatedBy = stamp.By,
            UpdatedAt = stamp.At,
            ClosedBy = closed?.By,
            ClosedAt = closed?.At,
        };

        public StoredOpportunity ToStored() => new(
            new Opportunity(
                Code,
                Account,
                Name,
                BusinessUnit,
                decimal.Parse(Value, CultureInfo.InvariantCulture),
                Currency,
                Enum.Parse<ContractType>(ContractType),
                Enum.Parse<OpportunityStage>(Stage),
                Date(ExpectedClose),
                Date(DeliveryStart),
                DeliveryEnd is null ? null : Date(DeliveryEnd),
                new ProjectPerson(SalesOwnerKey, SalesOwnerName),
                ProposedPmKey is null ? null : new ProjectPerson(ProposedPmKey, ProposedPmName ?? ProposedPmKey),
                Sponsor,
                JsonSerializer.Deserialize<HandoverNotes>(Notes, Json) ?? HandoverNotes.Empty,
                StageReason,
                ProjectCode,
                LatestReview is null ? null : JsonSerializer.Deserialize<ReviewHeadline>(LatestReview, Json)),
            ETag.ToString(),
            new ChangeStamp(UpdatedBy, UpdatedAt),
            ClosedAt is { } closedAt ? new ChangeStamp(ClosedBy ?? UpdatedBy, closedAt) : null);

        private static DateOnly Date(string text) => DateOnly.ParseExact(text, ProjectText.DateFormat, CultureInfo.InvariantCulture);
    }
}
