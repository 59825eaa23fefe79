using System.Text;
using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection;
using PmoBot.Delivery;
using PmoBot.Tests.Teams;
using PmoBot.Tests.TestSupport;

namespace PmoBot.Tests.Delivery;

/// <summary>The running app: a user's message stores their chat, and the app's own sender workers deliver to it.</summary>
public sealed class DeliveryEndToEndTests : IAsyncLifetime
{
    private readonly string[] queueNames = [DeliveryHarness.FreshQueueName(), DeliveryHarness.FreshQueueName()];
    private readonly QueueServiceClient queues = new(AzuriteStorage.ConnectionString);
    private readonly PmoBotServer server;
    private RecordingConnector connector = null!;
    private HttpClient client = null!;

    public DeliveryEndToEndTests() => server = new PmoBotServer(new Dictionary<string, string?>
    {
        ["Delivery:QueueName"] = queueNames[0],
        ["Delivery:DeadLetterQueueName"] = queueNames[1],
        ["Delivery:IdlePollInterval"] = "00:00:00.050",
    });

    public async Task InitializeAsync()
    {
        connector = await RecordingConnector.StartAsync();
        client = server.CreateHttpClient();
        await MessagesEndpointTests.WaitUntilHealthyAsync(client);
    }

    public async Task DisposeAsync()
    {
        client.Dispose();
        await server.DisposeAsync();
        await connector.DisposeAsync();
    }

    [Fact]
    public async Task The_app_creates_the_outbox_queues_its_configuration_names()
    {
        foreach (var name in queueNames)
        {
            Assert.True((await queues.GetQueueClient(name).ExistsAsync()).Value, $"queue {name} should exist once the app is healthy");
        }
    }

    [Fact]
    public async Task An_enqueued_delivery_reaches_the_personal_chat_of_someone_who_wrote_to_the_bot()
    {
        // Created here too, so that this test does not depend on the one above.
        await Task.WhenAll(queueNames.Select(name => queues.GetQueueClient(name).CreateIfNotExistsAsync()));
        var person = TestPerson.New("Robin");
        var hello = TeamsActivities.PersonalMessage(person, "hello", connector.ServiceUrl);
        using var content = new StringContent(TeamsActivities.ToJson(hello), Encoding.UTF8, "application/json");
        (await client.PostAsync(new Uri("/api/messages", UriKind.Relative), content)).EnsureSuccessStatusCode();
        var answered = (await connector.WaitForAsync(hello.Conversation.Id, 2)).Count;

        var delivery = await server.Services.GetRequiredService<Outbox>().EnqueueAsync(
            new DeliveryRequest(DeliveryHarness.FreshKey("review-prompt"), DeliveryTarget.PersonalChat(person.AadObjectId), "Your weekly review for PRJ-042 is due"),
            CancellationToken.None);

        var sent = await connector.WaitForAsync(hello.Conversation.Id, answered + 1);
        Assert.Single(sent, a => a.Text == "Your weekly review for PRJ-042 is due");
        Assert.Equal(DeliveryStatus.Sent, await FinalStatusAsync(delivery.IdempotencyKey));
    }

    /// <summary>The connector sees the send a moment before the sender records it.</summary>
    private async Task<DeliveryStatus?> FinalStatusAsync(string key)
    {
        var store = server.Services.GetRequiredService<DeliveryStore>();
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromSeconds(30))
        {
            if (await store.GetAsync(key, CancellationToken.None) is { IsFinal: true } record)
            {
                return record.Status;
            }

            await Task.Delay(50);
        }

        return (await store.GetAsync(key, CancellationToken.None))?.Status;
    }
}
