using Azure.Data.Tables;
using PmoBot.Delivery;
using PmoBot.Storage;
using PmoBot.Tests.TestSupport;

namespace PmoBot.Tests.Delivery;

/// <summary>
/// Delivery records are keyed by their idempotency key in both halves of the key; records written by an earlier
/// build sit under the row key <c>delivery</c> and must still be sent once, and never again.
/// </summary>
public sealed class DeliveryRowKeyTests : OutboxTest
{
    private readonly TableClient table = new TableServiceClient(AzuriteStorage.ConnectionString).GetTableClient(DeliveryStore.TableName);

    [Fact]
    public async Task A_new_record_is_keyed_by_its_idempotency_key_in_both_halves()
    {
        var chat = await Harness.PersonalChatAsync(Connector.ServiceUrl);
        var delivery = await Harness.EnqueueAsync(chat);

        var rows = await RowsOfAsync(delivery.IdempotencyKey);

        Assert.Equal([TableKey.Escape(delivery.IdempotencyKey)], rows.Select(r => r.RowKey));
    }

    [Fact]
    public async Task A_record_written_under_the_old_row_key_is_sent_once_and_finished_in_its_own_row()
    {
        var chat = await Harness.PersonalChatAsync(Connector.ServiceUrl);
        var delivery = await Harness.EnqueueAsync(chat);
        await MoveToOldRowKeyAsync(delivery.IdempotencyKey);

        var outcomes = await Harness.DrainQueueAsync(Processor);

        Assert.Equal([DeliveryOutcome.Sent], outcomes);
        Assert.Single(Connector.RequestsTo(chat.ConversationId));
        var row = Assert.Single(await RowsOfAsync(delivery.IdempotencyKey));
        Assert.Equal("delivery", row.RowKey);
        Assert.Equal(nameof(DeliveryStatus.Sent), row.GetString("Status"));
    }

    [Fact]
    public async Task Requesting_again_a_key_sent_under_the_old_row_key_sends_nothing_while_a_fresh_key_is_sent()
    {
        var chat = await Harness.PersonalChatAsync(Connector.ServiceUrl);
        var sentBefore = await Harness.EnqueueAsync(chat, "Sent by the earlier build");
        await Harness.DrainQueueAsync(Processor);
        await MoveToOldRowKeyAsync(sentBefore.IdempotencyKey);

        var again = await Harness.Outbox.EnqueueAsync(new DeliveryRequest(sentBefore.IdempotencyKey, DeliveryHarness.TargetOf(chat), "Requested again after the upgrade"), None);
        var fresh = await Harness.EnqueueAsync(chat, "A new message");
        await Harness.DrainQueueAsync(Processor);

        Assert.Equal(DeliveryStatus.Sent, again.Status);
        Assert.Equal(["Sent by the earlier build", "A new message"], Connector.RequestsTo(chat.ConversationId).Select(r => r.Text));
        Assert.Equal(["delivery"], (await RowsOfAsync(sentBefore.IdempotencyKey)).Select(r => r.RowKey));
        Assert.Equal(DeliveryStatus.Sent, (await Harness.RecordAsync(fresh.IdempotencyKey)).Status);
    }

    private async Task<List<TableEntity>> RowsOfAsync(string key)
    {
        var partition = TableKey.Escape(key);
        var rows = new List<TableEntity>();
        await foreach (var row in table.QueryAsync<TableEntity>(e => e.PartitionKey == partition))
        {
            rows.Add(row);
        }

        return rows;
    }

    /// <summary>Rewrites the record as an earlier build stored it: the same properties under the row key <c>delivery</c>.</summary>
    private async Task MoveToOldRowKeyAsync(string key)
    {
        var current = Assert.Single(await RowsOfAsync(key));
        var old = new TableEntity(current) { RowKey = "delivery" };
        await table.SubmitTransactionAsync(
        [
            new TableTransactionAction(TableTransactionActionType.Add, old),
            new TableTransactionAction(TableTransactionActionType.Delete, current, current.ETag),
        ]);
    }
}
