using System.Globalization;
using Azure.Data.Tables;
using PmoBot.Storage;

namespace PmoBot.Development.Training;

/// <summary>
/// Table <c>DevelopmentPlans</c>: PartitionKey <c>plans</c>, RowKey <c>{user key}|{programme id}</c>. A PM's plan is
/// one key range; <c>training coverage</c> reads the partition once for everyone.
/// </summary>
public sealed class DevelopmentPlanStore(TableServiceClient service)
{
    public const string TableName = "DevelopmentPlans";
    private const string Partition = "plans";

    private readonly TableClient table = service.GetTableClient(TableName);

    public Task<IReadOnlyList<PlanItem>> ListAllAsync(CancellationToken cancellationToken) =>
        table.QueryPartitionAsync<TableEntity, PlanItem>(Partition, ItemOf, cancellationToken);

    public async Task<IReadOnlyList<PlanItem>> ListAsync(string userKey, CancellationToken cancellationToken)
    {
        var prefix = TableKey.Escape(userKey) + "|";
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and RowKey ge {prefix} and RowKey lt {prefix[..^1] + "}"}");
        var items = new List<PlanItem>();
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            items.Add(ItemOf(entity));
        }

        return items;
    }

    public Task SaveAsync(PlanItem item, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        return table.UpsertEntityAsync(
            new TableEntity(Partition, $"{TableKey.Escape(item.UserKey)}|{item.ProgrammeId}")
            {
                [nameof(PlanItem.UserKey)] = item.UserKey,
                [nameof(PlanItem.PersonName)] = item.PersonName,
                [nameof(PlanItem.ProgrammeId)] = item.ProgrammeId,
                [nameof(PlanItem.DueOn)] = item.DueOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                [nameof(PlanItem.Status)] = item.Status.ToString(),
                [nameof(PlanItem.UpdatedAt)] = item.UpdatedAt,
            },
            TableUpdateMode.Replace,
            cancellationToken);
    }

    private static PlanItem ItemOf(TableEntity e) => new(
        e.GetString(nameof(PlanItem.UserKey)),
        e.GetString(nameof(PlanItem.PersonName)) ?? string.Empty,
        e.GetString(nameof(PlanItem.ProgrammeId)),
        DateOnly.ParseExact(e.GetString(nameof(PlanItem.DueOn)), "yyyy-MM-dd", CultureInfo.InvariantCulture),
        Enum.TryParse<PlanStatus>(e.GetString(nameof(PlanItem.Status)), out var status) ? status : PlanStatus.Planned,
        e.GetDateTimeOffset(nameof(PlanItem.UpdatedAt)) ?? DateTimeOffset.MinValue);
}
