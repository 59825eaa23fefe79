using Azure.Storage.Queues.Models;
using Microsoft.Extensions.Time.Testing;
using PmoBot.Delivery;

namespace PmoBot.Tests.Delivery;

public sealed class ParkedMessagesTests : IDisposable
{
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 12, 3, 9, 0, 0, TimeSpan.Zero));
    private readonly ParkedMessages parked;

    public ParkedMessagesTests() => parked = new ParkedMessages(time);

    public void Dispose() => parked.Dispose();

    [Fact]
    public void A_parked_message_is_due_once_its_wait_is_over_and_not_before()
    {
        var message = Received("m1", hiddenFor: TimeSpan.FromSeconds(60));

        Assert.True(parked.TryPark(message, TimeSpan.FromSeconds(2)));
        time.Advance(TimeSpan.FromSeconds(1.9));
        Assert.False(parked.Due.TryRead(out _));

        time.Advance(TimeSpan.FromSeconds(0.1));
        Assert.True(parked.Due.TryRead(out var due));
        Assert.Same(message, due);
        Assert.Equal(0, parked.Count);
    }

    [Fact]
    public void A_wait_that_would_outlast_the_message_visibility_is_left_to_the_queue()
    {
        var message = Received("m1", hiddenFor: TimeSpan.FromSeconds(10));

        Assert.False(parked.TryPark(message, TimeSpan.FromSeconds(8)), "the message would reappear to other receivers while parked");
        Assert.True(parked.TryPark(message, TimeSpan.FromSeconds(2)));
    }

    [Fact]
    public void Stopping_takes_back_every_message_due_or_not()
    {
        var soon = Received("soon", hiddenFor: TimeSpan.FromSeconds(60));
        var later = Received("later", hiddenFor: TimeSpan.FromSeconds(60));
        parked.TryPark(soon, TimeSpan.FromSeconds(1));
        parked.TryPark(later, TimeSpan.FromSeconds(30));
        time.Advance(TimeSpan.FromSeconds(1));

        var all = parked.TakeAll();

        Assert.Equal(["later", "soon"], all.Select(m => m.MessageId).Order());
        time.Advance(TimeSpan.FromSeconds(30));
        Assert.False(parked.Due.TryRead(out _), "a message taken back is not handed out again");
    }

    private QueueMessage Received(string id, TimeSpan hiddenFor) =>
        QueuesModelFactory.QueueMessage(id, "pop-receipt", "{}", 1, time.GetUtcNow() + hiddenFor, time.GetUtcNow(), time.GetUtcNow().AddDays(7));
}
