using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using PmoBot.Conversations;
using PmoBot.Delivery;

namespace PmoBot.Tests.Delivery;

/// <summary>
/// One bot instance's transport in a scale-out test: forwards to the real sender and counts what it sent; once
/// frozen (the instance stopped hard), a send never leaves and never returns, as in a process that is gone.
/// </summary>
public sealed class HostSender(IConversationSender inner) : IConversationSender
{
    private readonly TaskCompletionSource frozen = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource thawed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int inFlight;
    private int sent;

    private readonly ConcurrentDictionary<string, byte> sentTo = new(StringComparer.Ordinal);

    public int Sent => Volatile.Read(ref sent);

    /// <summary>The conversations this instance sent to: which of a connector's requests were its own.</summary>
    public bool SentTo(string conversationId) => sentTo.ContainsKey(conversationId);

    /// <summary>No send starts from now on; returns once the sends already under way have ended.</summary>
    public async Task FreezeAsync()
    {
        frozen.TrySetResult();
        while (Volatile.Read(ref inFlight) > 0)
        {
            await Task.Delay(10);
        }
    }

    /// <summary>Sends held by <see cref="FreezeAsync"/> end, unsent, so that the test can stop the instance.</summary>
    public void Thaw() => thawed.TrySetResult();

    public async Task<string?> SendAsync(ConversationAddress address, string? text, JsonObject? card, string? updateActivityId, SendSlotSource takeSlot, CancellationToken cancellationToken)
    {
        // Counted before the look at the freeze, and uncounted when frozen: FreezeAsync then waits only for the sends
        // that really left. Counting the held ones kept it waiting for as long as new sends kept arriving (each held
        // until the processor's deadline), minutes in a loaded run.
        Interlocked.Increment(ref inFlight);
        if (frozen.Task.IsCompleted)
        {
            Interlocked.Decrement(ref inFlight);
            await thawed.Task.WaitAsync(cancellationToken);
            throw new DeliveryRejectedException(0, null, "the instance was stopped");
        }

        try
        {
            var id = await inner.SendAsync(address, text, card, updateActivityId, takeSlot, cancellationToken);
            Interlocked.Increment(ref sent);
            sentTo.TryAdd(address.ConversationId, 0);
            return id;
        }
        finally
        {
            Interlocked.Decrement(ref inFlight);
        }
    }

    public Task<ConversationAddress> CreatePersonalConversationAsync(string tenantId, string userAadObjectId, string serviceUrl, CancellationToken cancellationToken) =>
        inner.CreatePersonalConversationAsync(tenantId, userAadObjectId, serviceUrl, cancellationToken);
}
