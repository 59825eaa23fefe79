using PmoBot.Delivery;

namespace PmoBot.Tests.Delivery;

/// <summary>
/// One test's outbox (fresh queues over the run's Azurite) sending through the real Bot Connector sender to its
/// own scripted connector.
/// </summary>
public abstract class OutboxTest : IAsyncLifetime
{
    protected static readonly CancellationToken None = CancellationToken.None;

    protected DeliveryHarness Harness { get; private set; } = null!;

    protected ScriptedConnector Connector { get; private set; } = null!;

    protected IConversationSender Sender { get; } = DeliveryHarness.ConnectorSender();

    /// <summary>The processor of "this" bot instance.</summary>
    protected DeliveryProcessor Processor { get; private set; } = null!;

    public virtual async Task InitializeAsync()
    {
        Harness = await DeliveryHarness.CreateAsync(Configure);
        Connector = await ScriptedConnector.StartAsync();
        Processor = Harness.Processor(Sender);
    }

    public virtual async Task DisposeAsync() => await Connector.DisposeAsync();

    protected virtual void Configure(DeliveryOptions options)
    {
    }
}
