using PmoBot.Cards;
using PmoBot.Conversations;
using PmoBot.Delivery;

namespace PmoBot.Tests.Delivery;

/// <summary>
/// Updates (<c>replaces</c>) of messages that never arrived: dropped with the reason while the person is still out of
/// reach, posted once as a new message when they can be reached, edited in place after that.
/// </summary>
public sealed class OutboxUndeliveredUpdateTests : OutboxTest
{
    private const string NotInRoster = "The bot is not part of the conversation roster.";

    [Fact]
    public async Task Updates_of_a_message_to_someone_who_never_opened_PmoBot_are_dropped_with_the_reason_and_no_call()
    {
        var target = DeliveryTarget.PersonalChat(Guid.NewGuid().ToString());
        var original = await Harness.EnqueueAsync(target, "Warning card");
        await Harness.DrainAsync(Processor, original.IdempotencyKey);
        Assert.Equal(DeliveryStatus.Failed, (await Harness.RecordAsync(original.IdempotencyKey)).Status);

        var v2 = await UpdateAsync(target, original, "v2");
        var v3 = await UpdateAsync(target, original, "v3");
        await Harness.DrainAsync(Processor, v2.IdempotencyKey, v3.IdempotencyKey);

        foreach (var update in new[] { v2, v3 })
        {
            var record = await Harness.RecordAsync(update.IdempotencyKey);
            Assert.Equal(DeliveryStatus.Dropped, record.Status);
            Assert.StartsWith("Not sent: the message it updates never arrived (this person had not opened PmoBot yet", record.LastError, StringComparison.Ordinal);
            Assert.Contains("there is still no conversation to send it to", record.LastError, StringComparison.Ordinal);
        }

        Assert.Empty(Connector.Requests);
        var report = await Harness.StatusQuery.GetAsync(None);
        Assert.True(report.Counts[DeliveryStatus.Dropped] >= 2);
        Assert.Contains(report.Failures, f => f.IdempotencyKey == v2.IdempotencyKey && f.Status == DeliveryStatus.Dropped && f.Reason!.StartsWith("Not sent:", StringComparison.Ordinal));
        var card = DeliveryCards.Status(report, TimeZoneInfo.Utc).ToJsonString();
        Assert.Contains("Dropped (updates not sent: the message never arrived, or a newer version was sent first)", card, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Once_the_person_can_be_reached_the_next_update_is_posted_once_and_later_ones_edit_it()
    {
        var (chat, original) = await RefusedOriginalAsync();
        var whileBlocked = await UpdateAsync(DeliveryHarness.TargetOf(chat), original, "v2");
        await Harness.DrainAsync(Processor, whileBlocked.IdempotencyKey);

        // The person writes to PmoBot again: the conversation is reachable.
        await Harness.Conversations.SaveAsync(chat with { UpdatedAt = Harness.Time.GetUtcNow() }, None);
        var v3 = await UpdateAsync(DeliveryHarness.TargetOf(chat), original, "v3");
        await Harness.DrainAsync(Processor, v3.IdempotencyKey);
        var v4 = await UpdateAsync(DeliveryHarness.TargetOf(chat), original, "v4");
        await Harness.DrainAsync(Processor, v4.IdempotencyKey);

        Assert.Equal(DeliveryStatus.Dropped, (await Harness.RecordAsync(whileBlocked.IdempotencyKey)).Status);
        Assert.Contains("the conversation is still unreachable (403: " + NotInRoster + ")", (await Harness.RecordAsync(whileBlocked.IdempotencyKey)).LastError, StringComparison.Ordinal);
        var requests = Connector.RequestsTo(chat.ConversationId);
        Assert.Equal([("POST", 403), ("POST", 201), ("PUT", 201)], requests.Select(r => (r.Method, r.Answer.Status)));
        Assert.Equal("v3", requests[1].Text);
        Assert.Equal(requests[1].SentActivityId, requests[2].ActivityId);
        Assert.Equal("v4", requests[2].Text);
        var stood = await Harness.RecordAsync(original.IdempotencyKey);
        Assert.Equal((DeliveryStatus.Failed, v3.IdempotencyKey, requests[1].SentActivityId), (stood.Status, stood.StandIn, stood.SentActivityId));
    }

    [Fact]
    public async Task A_last_word_about_a_message_that_never_arrived_is_dropped_but_edits_a_stand_in_that_did()
    {
        // "See the new card" for a card this chat never got would be the only message there: dropped, no call.
        var (chat, original) = await RefusedOriginalAsync();
        await Harness.Conversations.SaveAsync(chat with { UpdatedAt = Harness.Time.GetUtcNow() }, None);
        var lastWord = await LastWordAsync(DeliveryHarness.TargetOf(chat), original);
        await Harness.DrainAsync(Processor, lastWord.IdempotencyKey);

        var dropped = await Harness.RecordAsync(lastWord.IdempotencyKey);
        Assert.Equal(DeliveryStatus.Dropped, dropped.Status);
        Assert.StartsWith("Not sent: it points away from a message that never reached this chat (", dropped.LastError, StringComparison.Ordinal);
        // The reason is the original's, said as then: the person may well have opened PmoBot since.
        Assert.Matches(@"\((it was never sent|when that message was sent, [a-z][^.]*)\), so there is nothing to replace\.$", dropped.LastError);
        Assert.Single(Connector.RequestsTo(chat.ConversationId));

        // The twin: where an update stood in for the message, the last word edits what the chat shows.
        var (other, refused) = await RefusedOriginalAsync();
        await Harness.Conversations.SaveAsync(other with { UpdatedAt = Harness.Time.GetUtcNow() }, None);
        var v2 = await UpdateAsync(DeliveryHarness.TargetOf(other), refused, "v2");
        await Harness.DrainAsync(Processor, v2.IdempotencyKey);
        var edit = await LastWordAsync(DeliveryHarness.TargetOf(other), refused);
        await Harness.DrainAsync(Processor, edit.IdempotencyKey);

        Assert.Equal(DeliveryStatus.Sent, (await Harness.RecordAsync(edit.IdempotencyKey)).Status);
        var requests = Connector.RequestsTo(other.ConversationId);
        Assert.Equal([("POST", 403), ("POST", 201), ("PUT", 201)], requests.Select(r => (r.Method, r.Answer.Status)));
        Assert.Equal(requests[1].SentActivityId, requests[2].ActivityId);
    }

    [Fact]
    public async Task Two_versions_sent_at_once_post_one_message_between_them()
    {
        var (chat, original) = await RefusedOriginalAsync();
        await Harness.Conversations.SaveAsync(chat with { UpdatedAt = Harness.Time.GetUtcNow() }, None);

        var v2 = await UpdateAsync(DeliveryHarness.TargetOf(chat), original, "v2");
        var v3 = await UpdateAsync(DeliveryHarness.TargetOf(chat), original, "v3");
        var other = Harness.Processor(Sender);
        await Task.WhenAll(Harness.DrainAsync(Processor, v2.IdempotencyKey, v3.IdempotencyKey), Harness.DrainAsync(other, v2.IdempotencyKey, v3.IdempotencyKey));

        var after = Connector.RequestsTo(chat.ConversationId).Skip(1).ToList();
        var post = Assert.Single(after, r => r.Method == "POST");
        var put = Assert.Single(after, r => r.Method == "PUT");
        Assert.Equal(post.SentActivityId, put.ActivityId);
        Assert.Equal(DeliveryStatus.Sent, (await Harness.RecordAsync(v2.IdempotencyKey)).Status);
        Assert.Equal(DeliveryStatus.Sent, (await Harness.RecordAsync(v3.IdempotencyKey)).Status);
    }

    [Fact]
    public async Task An_update_of_a_message_still_on_its_way_waits_for_it_and_then_edits_it()
    {
        var channel = await Harness.ChannelAsync(Connector.ServiceUrl);
        var original = await Harness.EnqueueAsync(channel, "Warning card");
        var update = await Harness.Outbox.EnqueueAsync(
            new DeliveryRequest(DeliveryHarness.FreshKey("update"), DeliveryHarness.TargetOf(channel), "v2", AdaptiveCard.Create([AdaptiveCard.Text("v2")]), original.IdempotencyKey),
            None);

        var messages = await Harness.ReceiveAsync();
        var first = await Processor.ProcessAsync(messages.Single(m => OutboxQueues.KeyOf(m) == update.IdempotencyKey), None);
        await Harness.DrainAsync(Processor, original.IdempotencyKey, update.IdempotencyKey);

        Assert.Equal(DeliveryOutcome.Deferred, first);
        var requests = Connector.RequestsTo(channel.ConversationId);
        Assert.Equal(["POST", "PUT"], requests.Select(r => r.Method));
        Assert.Equal(requests[0].SentActivityId, requests[1].ActivityId);
    }

    /// <summary>A card refused by a personal chat (the user had blocked PmoBot): the chat is marked unreachable.</summary>
    private async Task<(ConversationAddress Chat, DeliveryRecord Original)> RefusedOriginalAsync()
    {
        var chat = await Harness.PersonalChatAsync(Connector.ServiceUrl);
        Connector.Script(chat.ConversationId, new ScriptedAnswer(403, Message: NotInRoster));
        var original = await Harness.EnqueueAsync(chat, "Warning card");
        await Harness.DrainAsync(Processor, original.IdempotencyKey);
        return (chat, original);
    }

    private Task<DeliveryRecord> LastWordAsync(DeliveryTarget target, DeliveryRecord original) =>
        Harness.Outbox.EnqueueAsync(new DeliveryRequest($"{original.IdempotencyKey}|replaced", target, "See the new card", Replaces: original.IdempotencyKey, Version: UpdatePlanner.LastWordVersion), None);

    private Task<DeliveryRecord> UpdateAsync(DeliveryTarget target, DeliveryRecord original, string text) =>
        Harness.Outbox.EnqueueAsync(new DeliveryRequest($"{original.IdempotencyKey}|{text}", target, text, Replaces: original.IdempotencyKey), None);
}
