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
        Assert.Same(message, due.Message);
        Assert.Null(due.Conversation);
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
    public void Messages_waiting_for_one_busy_conversation_are_handed_back_one_at_a_time_in_order()
    {
        var posts = Enumerable.Range(1, 5).Select(i => Received($"post{i}", hiddenFor: TimeSpan.FromSeconds(60))).ToList();
        foreach (var post in posts)
        {
            Assert.True(parked.TryPark(post, TimeSpan.FromMilliseconds(400), "19:channel"));
        }

        time.Advance(TimeSpan.FromMilliseconds(400));
        Assert.Equal(["post1"], DueIds());

        // Not the next until the first has been handled, however long that takes.
        time.Advance(TimeSpan.FromSeconds(2));
        Assert.Empty(DueIds());

        parked.Handled("19:channel", TimeSpan.FromMilliseconds(500));
        time.Advance(TimeSpan.FromMilliseconds(499));
        Assert.Empty(DueIds());
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(["post2"], DueIds());

        parked.Handled("19:channel", TimeSpan.Zero);
        time.Advance(TimeSpan.Zero);
        Assert.Equal(["post3"], DueIds());
        Assert.Equal(2, parked.Count);
    }

    [Fact]
    public void A_message_deferred_again_rejoins_the_end_of_its_conversations_line()
    {
        var first = Received("first", hiddenFor: TimeSpan.FromSeconds(60));
        var second = Received("second", hiddenFor: TimeSpan.FromSeconds(60));
        parked.TryPark(first, TimeSpan.FromMilliseconds(100), "19:channel");
        parked.TryPark(second, TimeSpan.FromMilliseconds(100), "19:channel");
        time.Advance(TimeSpan.FromMilliseconds(100));
        Assert.Equal(["first"], DueIds());

        // Another sender took the slot meanwhile: the first is deferred again.
        Assert.True(parked.TryPark(first, TimeSpan.FromMilliseconds(300), "19:channel"));
        parked.Handled("19:channel", TimeSpan.FromMilliseconds(300));
        time.Advance(TimeSpan.FromMilliseconds(300));
        Assert.Equal(["second"], DueIds());
        parked.Handled("19:channel", TimeSpan.FromMilliseconds(300));
        time.Advance(TimeSpan.FromMilliseconds(300));
        Assert.Equal(["first"], DueIds());
    }

    [Fact]
    public void Lines_of_different_conversations_and_lone_waits_do_not_hold_each_other_up()
    {
        parked.TryPark(Received("channel-a", hiddenFor: TimeSpan.FromSeconds(60)), TimeSpan.FromSeconds(1), "19:a");
        parked.TryPark(Received("channel-a-2", hiddenFor: TimeSpan.FromSeconds(60)), TimeSpan.FromSeconds(1), "19:a");
        parked.TryPark(Received("channel-b", hiddenFor: TimeSpan.FromSeconds(60)), TimeSpan.FromSeconds(1), "19:b");
        parked.TryPark(Received("retry", hiddenFor: TimeSpan.FromSeconds(60)), TimeSpan.FromSeconds(1));

        time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(["channel-a", "channel-b", "retry"], DueIds().Order());
    }

    [Fact]
    public void Stopping_takes_back_every_message_due_or_not()
    {
        var soon = Received("soon", hiddenFor: TimeSpan.FromSeconds(60));
        var later = Received("later", hiddenFor: TimeSpan.FromSeconds(60));
        var inLine = Received("in-line", hiddenFor: TimeSpan.FromSeconds(60));
        var behind = Received("behind", hiddenFor: TimeSpan.FromSeconds(60));
        parked.TryPark(soon, TimeSpan.FromSeconds(1));
        parked.TryPark(later, TimeSpan.FromSeconds(30));
        parked.TryPark(inLine, TimeSpan.FromSeconds(2), "19:channel");
        parked.TryPark(behind, TimeSpan.FromSeconds(2), "19:channel");
        time.Advance(TimeSpan.FromSeconds(1));

        var all = parked.TakeAll();

        Assert.Equal(["behind", "in-line", "later", "soon"], all.Select(m => m.MessageId).Order());
        time.Advance(TimeSpan.FromSeconds(30));
        Assert.False(parked.Due.TryRead(out _), "a message taken back is not handed out again");
    }

    private List<string> DueIds()
    {
        var ids = new List<string>();
        while (parked.Due.TryRead(out var due))
        {
            ids.Add(due.Message.MessageId);
        }

        return ids;
    }

    private QueueMessage Received(string id, TimeSpan hiddenFor) =>
        QueuesModelFactory.QueueMessage(id, "pop-receipt", "{}", 1, time.GetUtcNow() + hiddenFor, time.GetUtcNow(), time.GetUtcNow().AddDays(7));
}
