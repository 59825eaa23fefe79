using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using PmoBot.Delivery;
using PmoBot.Tests.TestSupport;

namespace PmoBot.Tests.Delivery;

/// <summary>
/// A lease written to storage whose answer never came back (the connection cut just after storage applied it, as at
/// the start of an outage). The instance that wrote it lives on and beats, so no other instance may take a lease it
/// holds: unless the lease is given back, or taken up, the delivery waits until that same instance happens to receive
/// its message again, which with several instances may be many visibility timeouts away.
/// </summary>
[Collection(TimingSensitive.Name)]
public sealed class LostLeaseAnswerTests : OutboxTest
{
    [Theory]
    // The storage client gives up on the write: the sender sees a failure, and gives the lease back once storage answers.
    [InlineData(false)]
    // The storage client tries the write again, and the retry meets the lease it wrote as a conflict: the lease is its own.
    [InlineData(true)]
    public async Task A_lease_written_but_unanswered_does_not_keep_the_delivery_from_being_sent_once(bool clientRetries)
    {
        var chat = await Harness.PersonalChatAsync(Connector.ServiceUrl);
        var delivery = await Harness.EnqueueAsync(chat);
        var lostAnswer = new LoseOneLeaseAnswer();
        var tableOptions = new TableClientOptions();
        tableOptions.AddPolicy(lostAnswer, clientRetries ? HttpPipelinePosition.PerRetry : HttpPipelinePosition.PerCall);
        tableOptions.Retry.Delay = TimeSpan.FromMilliseconds(50);
        var receivesCut = new CutReceives();
        var queueOptions = new QueueClientOptions();
        queueOptions.AddPolicy(receivesCut, HttpPipelinePosition.PerCall);
        var writer = Harness.Host(Sender, AzuriteStorage.ConnectionString, queueOptions, tableOptions);
        var other = Harness.Host(Sender, AzuriteStorage.ConnectionString);

        await writer.Worker.StartAsync(None);
        try
        {
            var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(20);
            while (!lostAnswer.Lost && DateTimeOffset.UtcNow < deadline)
            {
                await Task.Delay(20);
            }

            Assert.True(lostAnswer.Lost, "the lease's answer should have been lost");

            // The writer lives on (it beats) but receives no more: only the other instance can pick the message up.
            receivesCut.Cut = true;
            await other.Worker.StartAsync(None);
            await Harness.DrainedAsync([delivery.IdempotencyKey], TimeSpan.FromSeconds(30));
        }
        finally
        {
            await other.Worker.StopAsync(None);
            await writer.Worker.StopAsync(None);
        }

        var record = await Harness.RecordAsync(delivery.IdempotencyKey);
        Assert.Equal(DeliveryStatus.Sent, record.Status);
        Assert.Single(Connector.RequestsTo(chat.ConversationId), r => r.Answer.IsSuccess);
        Assert.Equal(1, record.Attempts);
    }

    /// <summary>Lets the first lease write (a delivery row set to Sending) reach storage, then loses its answer.</summary>
    private sealed class LoseOneLeaseAnswer : HttpPipelinePolicy
    {
        private int lost;

        public bool Lost => Volatile.Read(ref lost) == 1;

        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            var isLease = message.Request.Method == RequestMethod.Put
                && message.Request.Uri.Path.Contains($"/{DeliveryStore.TableName}(", StringComparison.Ordinal)
                && (await BodyOf(message.Request)).Contains("\"Sending\"", StringComparison.Ordinal);
            await ProcessNextAsync(message, pipeline);
            if (isLease && message.Response.Status == 204 && Interlocked.CompareExchange(ref lost, 1, 0) == 0)
            {
                throw new RequestFailedException(0, "The connection was closed before the answer arrived (test)");
            }
        }

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
            throw new NotSupportedException("The stores call storage asynchronously only.");

        private static async Task<string> BodyOf(Request request)
        {
            if (request.Content is null)
            {
                return string.Empty;
            }

            using var body = new MemoryStream();
            await request.Content.WriteToAsync(body, CancellationToken.None);
            return System.Text.Encoding.UTF8.GetString(body.ToArray());
        }
    }

    /// <summary>Once <see cref="Cut"/>, every receive from a queue fails: the instance is alive but takes no messages.</summary>
    private sealed class CutReceives : HttpPipelinePolicy
    {
        public bool Cut { get; set; }

        public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
            Cut && message.Request.Method == RequestMethod.Get && message.Request.Uri.Path.EndsWith("/messages", StringComparison.Ordinal)
                ? throw new RequestFailedException(503, "Receives are cut for this instance (test)")
                : ProcessNextAsync(message, pipeline);

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
            throw new NotSupportedException("The outbox calls storage asynchronously only.");
    }
}
