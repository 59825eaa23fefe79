using System.Text.Json.Nodes;
using PmoBot.Cards;
using PmoBot.Delivery;

namespace PmoBot.Tests.Delivery;

public sealed class OutboxRequestTests
{
    public static TheoryData<string, string?> Invalid => new()
    {
        { string.Empty, "text" },
        { "   ", "text" },
        { new string('k', Outbox.MaxKeyLength + 1), "text" },
        { "review-prompt|PRJ-042|2025-W11", null },
        { "review-prompt|PRJ-042|2025-W11", " " },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public async Task A_request_without_a_usable_key_or_any_content_is_refused_before_anything_is_queued(string key, string? text)
    {
        var harness = await DeliveryHarness.CreateAsync();
        var request = new DeliveryRequest(key, DeliveryTarget.PersonalChat(Guid.NewGuid().ToString()), text);

        await Assert.ThrowsAsync<ArgumentException>(() => harness.Outbox.EnqueueAsync(request, CancellationToken.None));

        Assert.Equal(0, await harness.VisibleOutboxMessagesAsync());
    }

    [Fact]
    public async Task A_card_alone_is_enough_and_enqueueing_returns_at_once_with_a_queued_record()
    {
        var harness = await DeliveryHarness.CreateAsync();
        var card = AdaptiveCard.Create([AdaptiveCard.Text("Learning event: PMI chapter meeting")]);

        var record = await harness.Outbox.EnqueueAsync(
            new DeliveryRequest(DeliveryHarness.FreshKey("learning-event"), DeliveryTarget.Channel($"19:{Guid.NewGuid():N}@thread.tacv2"), null, card),
            CancellationToken.None);

        Assert.Equal((DeliveryStatus.Queued, 0), (record.Status, record.Attempts));
        Assert.Equal(1, await harness.VisibleOutboxMessagesAsync());
        var stored = await harness.RecordAsync(record.IdempotencyKey);
        Assert.Equal((record.Target, DeliveryStatus.Queued), (stored.Target, stored.Status));
        Assert.True(JsonNode.DeepEquals(card, stored.Card));
    }
}
