using PmoBot.Conversations;
using PmoBot.Delivery;

namespace PmoBot.Tests.Delivery;

/// <summary>Conversations Teams will not deliver to: blocked, removed, or never opened.</summary>
public sealed class OutboxUnreachableTests : OutboxTest
{
    private const string NotInRoster = "The bot is not part of the conversation roster.";

    [Theory]
    [InlineData(403, NotInRoster)]
    [InlineData(404, "Conversation not found.")]
    public async Task A_final_refusal_marks_the_conversation_unreachable_and_fails_the_delivery(int status, string message)
    {
        var chat = await Harness.PersonalChatAsync(Connector.ServiceUrl);
        Connector.Script(chat.ConversationId, new ScriptedAnswer(status, Message: message));
        var delivery = await Harness.EnqueueAsync(chat);

        await Harness.DrainAsync(Processor, delivery.IdempotencyKey);

        var record = await Harness.RecordAsync(delivery.IdempotencyKey);
        Assert.Equal((DeliveryStatus.Failed, status, message), (record.Status, record.LastStatusCode, record.LastError));
        var reference = await ReferenceAsync(chat);
        Assert.True(reference.IsUnreachable);
        Assert.Equal($"{status}: {message}", reference.UnreachableReason);
        Assert.Single(Connector.RequestsTo(chat.ConversationId));
        Assert.Empty(await Harness.DeadLettersAsync());
        Assert.Equal(0, await Harness.VisibleOutboxMessagesAsync());
    }

    [Fact]
    public async Task A_later_delivery_to_an_unreachable_conversation_fails_without_calling_teams()
    {
        var chat = await BlockedChatAsync();
        var later = await Harness.EnqueueAsync(chat);

        await Harness.DrainAsync(Processor, later.IdempotencyKey);

        var record = await Harness.RecordAsync(later.IdempotencyKey);
        Assert.Equal(DeliveryStatus.Failed, record.Status);
        Assert.Contains("unreachable", record.LastError, StringComparison.Ordinal);
        Assert.Contains(NotInRoster, record.LastError, StringComparison.Ordinal);
        Assert.Single(Connector.RequestsTo(chat.ConversationId));
    }

    [Fact]
    public async Task A_new_message_from_the_user_clears_the_mark_and_deliveries_flow_again()
    {
        var chat = await BlockedChatAsync();

        await Harness.Conversations.SaveAsync(chat with { UpdatedAt = Harness.Time.GetUtcNow() }, None);
        var next = await Harness.EnqueueAsync(chat);
        await Harness.DrainAsync(Processor, next.IdempotencyKey);

        Assert.False((await ReferenceAsync(chat)).IsUnreachable);
        Assert.Equal(DeliveryStatus.Sent, (await Harness.RecordAsync(next.IdempotencyKey)).Status);
        Assert.Equal([403, 201], Connector.RequestsTo(chat.ConversationId).Select(r => r.Answer.Status));
    }

    [Fact]
    public async Task A_delivery_to_someone_who_never_opened_a_chat_fails_with_a_clear_reason()
    {
        var delivery = await Harness.EnqueueAsync(DeliveryTarget.PersonalChat(Guid.NewGuid().ToString()));

        await Harness.DrainAsync(Processor, delivery.IdempotencyKey);

        var record = await Harness.RecordAsync(delivery.IdempotencyKey);
        Assert.Equal(DeliveryStatus.Failed, record.Status);
        Assert.Contains("had not opened PmoBot yet", record.LastError, StringComparison.Ordinal);
        Assert.Empty(Connector.Requests);
    }

    [Fact]
    public async Task A_delivery_to_a_channel_the_bot_was_never_added_to_fails_with_a_clear_reason()
    {
        var delivery = await Harness.EnqueueAsync(DeliveryTarget.Channel($"19:{Guid.NewGuid():N}@thread.tacv2"));

        await Harness.DrainAsync(Processor, delivery.IdempotencyKey);

        var record = await Harness.RecordAsync(delivery.IdempotencyKey);
        Assert.Equal(DeliveryStatus.Failed, record.Status);
        Assert.Contains("add the bot to it first", record.LastError, StringComparison.Ordinal);
    }

    /// <summary>A personal chat whose user blocked the bot: one delivery was refused with 403 and marked it.</summary>
    private async Task<ConversationAddress> BlockedChatAsync()
    {
        var chat = await Harness.PersonalChatAsync(Connector.ServiceUrl);
        Connector.Script(chat.ConversationId, new ScriptedAnswer(403, Message: NotInRoster));
        var refused = await Harness.EnqueueAsync(chat);
        await Harness.DrainAsync(Processor, refused.IdempotencyKey);
        Assert.True((await ReferenceAsync(chat)).IsUnreachable);
        return chat;
    }

    private async Task<ConversationAddress> ReferenceAsync(ConversationAddress chat) =>
        await Harness.Conversations.GetAsync(chat.Kind, chat.Key, None) ?? throw new InvalidOperationException("The reference is gone.");
}
