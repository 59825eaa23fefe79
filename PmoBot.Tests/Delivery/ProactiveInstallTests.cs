using Azure.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PmoBot.Conversations;
using PmoBot.Delivery;
using PmoBot.Graph;
using PmoBot.Tests.TestSupport;

namespace PmoBot.Tests.Delivery;

/// <summary>Reaching a PM who never opened PmoBot: install through Graph, open the chat through the connector, send.</summary>
public sealed class ProactiveInstallTests : OutboxTest
{
    private const string CatalogId = "4b1c9a52-7f0e-4d8e-9a3b-1f2e3d4c5b6a";
    private const string GraphToken = "graph-test-token";

    private GraphStandIn graph = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        graph = await GraphStandIn.StartAsync();
    }

    public override async Task DisposeAsync()
    {
        await graph.DisposeAsync();
        await base.DisposeAsync();
    }

    [Fact]
    public async Task Without_graph_configured_a_delivery_to_someone_who_never_opened_the_bot_fails_saying_what_to_set()
    {
        await InitializeGraphAsync();
        var person = TestPerson.New();
        var delivery = await Harness.EnqueueAsync(DeliveryTarget.PersonalChat(person.AadObjectId));

        await Harness.DrainAsync(Processor, delivery.IdempotencyKey);

        var record = await Harness.RecordAsync(delivery.IdempotencyKey);
        Assert.Equal(DeliveryStatus.Failed, record.Status);
        Assert.Contains("had not opened PmoBot yet", record.LastError, StringComparison.Ordinal);
        Assert.Contains("Graph:TenantId", record.LastError, StringComparison.Ordinal);
        Assert.Contains("Teams:AppCatalogId", record.LastError, StringComparison.Ordinal);
        Assert.Empty(graph.Installs);
    }

    [Fact]
    public async Task With_graph_the_app_is_installed_the_chat_opened_and_stored_and_the_message_sent()
    {
        var processor = await InitializeGraphAsync(configured: true);
        var person = TestPerson.New();
        var delivery = await Harness.EnqueueAsync(DeliveryTarget.PersonalChat(person.AadObjectId), "Your first weekly review is due");

        await Harness.DrainAsync(processor, delivery.IdempotencyKey);

        var install = Assert.Single(graph.Installs);
        Assert.Equal(person.AadObjectId, install.UserId);
        Assert.Equal($"Bearer {GraphToken}", install.Authorization);
        Assert.EndsWith($"appCatalogs/teamsApps/{CatalogId}", install.Body["teamsApp@odata.bind"]!.GetValue<string>(), StringComparison.Ordinal);
        var created = Assert.Single(Connector.Requests, r => r.Method == "CREATE");
        Assert.Equal(person.AadObjectId, created.Body["members"]![0]!["id"]!.GetValue<string>());
        Assert.Equal(TeamsActivities.TenantId, created.Body["tenantId"]!.GetValue<string>());
        Assert.Single(Connector.RequestsTo(created.ConversationId), r => r.Text == "Your first weekly review is due");
        var stored = await Harness.Conversations.GetPersonalAsync(person.AadObjectId, None);
        Assert.Equal(created.ConversationId, stored!.ConversationId);
        Assert.Equal(DeliveryStatus.Sent, (await Harness.RecordAsync(delivery.IdempotencyKey)).Status);
    }

    [Fact]
    public async Task An_app_already_installed_for_the_person_still_gets_the_chat_opened_and_the_message_sent()
    {
        var processor = await InitializeGraphAsync(configured: true);
        graph.Script(new ScriptedAnswer(409, Message: "App is already installed"));
        var delivery = await Harness.EnqueueAsync(DeliveryTarget.PersonalChat(TestPerson.New().AadObjectId));

        await Harness.DrainAsync(processor, delivery.IdempotencyKey);

        Assert.Equal(DeliveryStatus.Sent, (await Harness.RecordAsync(delivery.IdempotencyKey)).Status);
        Assert.Single(Connector.Requests, r => r.Method == "CREATE");
    }

    [Fact]
    public async Task A_missing_graph_permission_fails_the_delivery_naming_the_permission_and_opens_no_chat()
    {
        var processor = await InitializeGraphAsync(configured: true);
        graph.Script(new ScriptedAnswer(403, Message: "Forbidden"));
        var delivery = await Harness.EnqueueAsync(DeliveryTarget.PersonalChat(TestPerson.New().AadObjectId));

        await Harness.DrainAsync(processor, delivery.IdempotencyKey);

        var record = await Harness.RecordAsync(delivery.IdempotencyKey);
        Assert.Equal(DeliveryStatus.Failed, record.Status);
        Assert.Equal(403, record.LastStatusCode);
        Assert.Contains(PersonalChatProvisioner.InstallPermission, record.LastError, StringComparison.Ordinal);
        Assert.DoesNotContain(Connector.Requests, r => r.Method == "CREATE");
    }

    [Fact]
    public async Task Short_graph_throttling_is_retried_by_the_sdk_after_its_retry_after_within_one_delivery_attempt()
    {
        var processor = await InitializeGraphAsync(configured: true);
        graph.Script(ScriptedAnswer.Throttled("1"));
        var delivery = await Harness.EnqueueAsync(DeliveryTarget.PersonalChat(TestPerson.New().AadObjectId));

        await Harness.DrainAsync(processor, delivery.IdempotencyKey);

        var record = await Harness.RecordAsync(delivery.IdempotencyKey);
        Assert.Equal(DeliveryStatus.Sent, record.Status);
        Assert.Equal(1, record.Attempts);
        Assert.Equal(2, graph.Installs.Count);
        Assert.True(graph.Installs[1].At - graph.Installs[0].At >= TimeSpan.FromMilliseconds(950), $"the SDK retried after {graph.Installs[1].At - graph.Installs[0].At}, before the second Graph asked for");
        Assert.Equal("1", graph.Installs[1].RetryAttempt);
        Assert.Equal(graph.Installs[0].Body.ToJsonString(), graph.Installs[1].Body.ToJsonString());
    }

    [Fact]
    public async Task Long_graph_throttling_is_not_waited_for_in_the_sender_and_the_outbox_retries_after_graphs_retry_after()
    {
        var processor = await InitializeGraphAsync(configured: true);
        graph.Script(ScriptedAnswer.Throttled("600"));
        var delivery = await Harness.EnqueueAsync(DeliveryTarget.PersonalChat(TestPerson.New().AadObjectId));
        var before = Harness.Time.GetUtcNow();

        var outcome = await processor.ProcessAsync(Assert.Single(await Harness.ReceiveAsync()), None);

        Assert.Equal(DeliveryOutcome.Retrying, outcome);
        var record = await Harness.RecordAsync(delivery.IdempotencyKey);
        Assert.Equal(DeliveryStatus.Retrying, record.Status);
        Assert.Equal(429, record.LastStatusCode);
        Assert.True(record.NextAttemptAt >= before.AddSeconds(600), $"next attempt at {record.NextAttemptAt}, before the 600 s Graph asked for");
        Assert.Single(graph.Installs);
        Assert.DoesNotContain(Connector.Requests, r => r.Method == "CREATE");
    }

    /// <summary>A processor whose provisioner reaches the Graph stand-in through the production Graph client set-up.</summary>
    private Task<DeliveryProcessor> InitializeGraphAsync(bool configured = false)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Graph:BaseUrl"] = graph.BaseUrl,
            ["Graph:TenantId"] = configured ? TeamsActivities.TenantId : null,
            ["Graph:ClientId"] = configured ? Guid.NewGuid().ToString() : null,
            ["Graph:ClientSecret"] = configured ? "local-secret" : null,
        };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddLogging().AddGraph(configuration);
        services.AddSingleton<TokenCredential>(new FixedTokenCredential(GraphToken));
        var provider = services.BuildServiceProvider();
        var provisioner = new PersonalChatProvisioner(
            provider.GetRequiredService<GraphClientAccessor>(),
            provider.GetRequiredService<IOptions<GraphOptions>>(),
            Options.Create(new ProactiveInstallOptions { AppCatalogId = configured ? CatalogId : null, ServiceUrl = Connector.ServiceUrl }),
            Sender,
            Harness.Conversations,
            NullLogger<PersonalChatProvisioner>.Instance);
        return Task.FromResult(Harness.Processor(Sender, provisioner: provisioner));
    }
}
