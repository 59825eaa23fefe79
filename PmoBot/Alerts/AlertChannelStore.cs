using Azure;
using Azure.Data.Tables;

namespace PmoBot.Alerts;

/// <summary>The channel the PMO chose for its alerts, and who chose it when. <see cref="Name"/> is empty when Teams did not say it.</summary>
public sealed record AlertChannel(string ConversationKey, string Name, string RegisteredBy, DateTimeOffset RegisteredAt)
{
    /// <summary>How a message anywhere (a personal chat too) names the channel: by its name, or as the PMO's alert channel.</summary>
    public string Described => string.IsNullOrWhiteSpace(Name) ? "the PMO's alert channel" : $"the channel **{Name}**";
}

/// <summary>
/// Table <c>AlertChannels</c>: PartitionKey <c>pmo</c>, RowKey <c>channel</c>: the one PMO alert channel, a point read.
/// Tests pass a table of their own, as the channel is one row every test would otherwise share.
/// </summary>
public sealed class AlertChannelStore(TableServiceClient service, string tableName = AlertChannelStore.TableName)
{
    public const string TableName = "AlertChannels";

    private const string Partition = "pmo";
    private const string Row = "channel";

    private readonly TableClient table = service.GetTableClient(tableName);

    public async Task<AlertChannel?> GetAsync(CancellationToken cancellationToken)
    {
        var entity = await table.GetEntityIfExistsAsync<TableEntity>(Partition, Row, cancellationToken: cancellationToken);
        return entity.HasValue
            ? new AlertChannel(
                entity.Value!.GetString(nameof(AlertChannel.ConversationKey)),
                entity.Value.GetString(nameof(AlertChannel.Name)) ?? string.Empty,
                entity.Value.GetString(nameof(AlertChannel.RegisteredBy)) ?? string.Empty,
                entity.Value.GetDateTimeOffset(nameof(AlertChannel.RegisteredAt)) ?? DateTimeOffset.MinValue)
            : null;
    }

    public Task SetAsync(AlertChannel channel, CancellationToken cancellationToken) =>
        table.UpsertEntityAsync(
            new TableEntity(Partition, Row)
            {
                [nameof(AlertChannel.ConversationKey)] = channel.ConversationKey,
                [nameof(AlertChannel.Name)] = channel.Name,
                [nameof(AlertChannel.RegisteredBy)] = channel.RegisteredBy,
                [nameof(AlertChannel.RegisteredAt)] = channel.RegisteredAt,
            },
            TableUpdateMode.Replace,
            cancellationToken);

    public async Task ClearAsync(CancellationToken cancellationToken)
    {
        try
        {
            await table.DeleteEntityAsync(Partition, Row, ETag.All, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // Already off.
        }
    }
}
