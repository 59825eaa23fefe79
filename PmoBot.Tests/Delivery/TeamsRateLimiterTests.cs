using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using PmoBot.Delivery;

namespace PmoBot.Tests.Delivery;

public sealed class TeamsRateLimiterTests
{
    private const string Chat = "a:personal-chat";

    private readonly FakeTimeProvider time = new(new DateTimeOffset(2025, 3, 10, 9, 0, 0, TimeSpan.Zero));
    private readonly TeamsRateLimiter limiter;

    public TeamsRateLimiterTests() => limiter = Limiter(globalPerSecond: 1000);

    [Fact]
    public void Seven_sends_to_a_conversation_go_at_once_and_the_eighth_in_that_second_waits()
    {
        SendNow(Chat, 7);

        var wait = Acquire(limiter, Chat);

        Assert.InRange(wait, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1.1));
        time.Advance(wait);
        Assert.Equal(TimeSpan.Zero, Acquire(limiter, Chat));
    }

    [Fact]
    public void A_conversation_at_its_limits_waits_for_itself_while_the_app_pace_is_shared()
    {
        var twoPerSecond = Limiter(globalPerSecond: 2);
        for (var i = 0; i < 2; i++)
        {
            Assert.True(twoPerSecond.TryAcquire(Chat, out var slot, out _));
            slot!.Complete();
        }

        Assert.False(twoPerSecond.TryAcquire("another-chat", out _, out var appPace));
        Assert.True(appPace.ForApp > TimeSpan.Zero, "the app's two sends this second hold every conversation");
        Assert.Equal(TimeSpan.Zero, appPace.ForConversation);

        SendNow(Chat, 7);
        var busy = limiter.EstimateWait(Chat);
        Assert.Equal(TimeSpan.Zero, busy.ForApp);
        Assert.InRange(busy.ForConversation, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1.1));
        Assert.Equal(busy.ForConversation, busy.Total);
    }

    [Fact]
    public void A_send_still_in_flight_counts_until_it_completes_and_then_from_its_completion()
    {
        var onePerSecond = Limiter(globalPerSecond: 1);
        Assert.True(onePerSecond.TryAcquire("chat-a", out var slow, out _));
        time.Advance(TimeSpan.FromSeconds(5));

        Assert.True(Acquire(onePerSecond, "chat-b") > TimeSpan.Zero, "the slow send is still in flight, so it fills the second");
        slow!.Complete();
        time.Advance(TimeSpan.FromSeconds(0.5));

        Assert.InRange(Acquire(onePerSecond, "chat-b"), TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(0.6));
    }

    [Fact]
    public void A_refused_send_is_not_counted()
    {
        SendNow(Chat, 7);

        var first = Acquire(limiter, Chat);
        var again = Acquire(limiter, Chat);
        time.Advance(first);

        Assert.Equal(first, again);
        Assert.Equal(TimeSpan.Zero, Acquire(limiter, Chat));
    }

    [Fact]
    public void The_ninth_send_within_two_seconds_waits_even_when_the_last_second_was_quiet()
    {
        SendNow(Chat, 7);
        time.Advance(TimeSpan.FromSeconds(1.1));
        SendNow(Chat, 1);

        var wait = Acquire(limiter, Chat);

        Assert.InRange(wait, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void The_sixty_first_send_within_thirty_seconds_waits_for_the_first_to_leave_the_window()
    {
        for (var i = 0; i < 60; i++)
        {
            SendNow(Chat, 1);
            time.Advance(TimeSpan.FromSeconds(0.3));
        }

        var wait = Acquire(limiter, Chat);

        Assert.InRange(wait, TimeSpan.FromSeconds(12), TimeSpan.FromSeconds(12.1));
    }

    [Fact]
    public void Sends_it_allows_never_exceed_any_per_conversation_window_over_an_hour()
    {
        var sent = new List<DateTimeOffset>();
        var jitter = new Random(7);
        while (sent.Count < 1900)
        {
            var wait = Acquire(limiter, Chat);
            if (wait > TimeSpan.Zero)
            {
                time.Advance(wait);
                continue;
            }

            sent.Add(time.GetUtcNow());
            time.Advance(TimeSpan.FromMilliseconds(jitter.Next(0, 40)));
        }

        foreach (var (count, window) in TeamsRateLimiter.PerConversationLimits)
        {
            Assert.True(SendWindows.MostInAnyWindow(sent, window) <= count, $"more than {count} sends in {window}");
        }

        Assert.True(sent[^1] - sent[0] > TimeSpan.FromHours(1), "the 1,801st send should wait for the hour");
    }

    [Fact]
    public void The_global_rate_holds_across_conversations()
    {
        var global = Limiter(globalPerSecond: 5);
        Assert.All(Enumerable.Range(0, 5), i => Assert.Equal(TimeSpan.Zero, Acquire(global, $"chat-{i}")));

        var wait = Acquire(global, "chat-5");

        Assert.InRange(wait, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1.1));
        time.Advance(wait);
        Assert.Equal(TimeSpan.Zero, Acquire(global, "chat-5"));
    }

    [Fact]
    public void A_pause_holds_its_conversation_until_it_ends_and_no_other()
    {
        limiter.Pause(Chat, TimeSpan.FromSeconds(3), wholeApp: false);

        Assert.Equal(TimeSpan.FromSeconds(3), Acquire(limiter, Chat));
        Assert.Equal(TimeSpan.Zero, Acquire(limiter, "another chat"));
        time.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(TimeSpan.Zero, Acquire(limiter, Chat));
    }

    [Fact]
    public void A_shorter_pause_does_not_cut_a_longer_one_short()
    {
        limiter.Pause(Chat, TimeSpan.FromSeconds(5), wholeApp: false);
        limiter.Pause(Chat, TimeSpan.FromSeconds(1), wholeApp: false);

        Assert.Equal(TimeSpan.FromSeconds(5), Acquire(limiter, Chat));
    }

    [Fact]
    public void A_pause_of_the_whole_app_holds_every_conversation()
    {
        limiter.Pause(Chat, TimeSpan.FromSeconds(2), wholeApp: true);

        Assert.Equal(TimeSpan.FromSeconds(2), Acquire(limiter, "another chat"));
    }

    [Fact]
    public void Instances_sharing_the_queue_each_send_their_share_of_the_app_rate()
    {
        var oneOfThree = new TeamsRateLimiter(time, Options.Create(new DeliveryOptions { GlobalRatePerSecond = 30, SendingInstances = 3 }));

        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(TimeSpan.Zero, Acquire(oneOfThree, $"chat-{i}"));
        }

        Assert.Equal(10, oneOfThree.GlobalPerSecond);
        Assert.True(Acquire(oneOfThree, "chat-10") > TimeSpan.Zero, "the eleventh send in the second waits: three instances together stay within 30");
    }

    [Fact]
    public void The_windows_run_on_a_steady_clock_not_the_wall_clock()
    {
        var clocks = new SteppedWallClock();
        var onSteppedClock = new TeamsRateLimiter(clocks, Options.Create(new DeliveryOptions { GlobalRatePerSecond = 30 }));
        for (var i = 0; i < 30; i++)
        {
            Assert.Equal(TimeSpan.Zero, Acquire(onSteppedClock, $"chat-{i}"));
        }

        // The machine's clock is corrected forward a second while a tenth of a second passes.
        clocks.Pass(TimeSpan.FromMilliseconds(100), wallStep: TimeSpan.FromSeconds(1));

        Assert.True(Acquire(onSteppedClock, "chat-30") >= TimeSpan.FromMilliseconds(900), "the 31st send within a real second must wait");
    }

    private TeamsRateLimiter Limiter(int globalPerSecond) =>
        new(time, Options.Create(new DeliveryOptions { GlobalRatePerSecond = globalPerSecond }));

    /// <summary>Zero when the send was granted (and completes it at once, as a fast send would); otherwise the wait.</summary>
    private static TimeSpan Acquire(TeamsRateLimiter rateLimiter, string conversationId)
    {
        if (!rateLimiter.TryAcquire(conversationId, out var slot, out var wait))
        {
            return wait.Total;
        }

        slot!.Complete();
        return TimeSpan.Zero;
    }

    private void SendNow(string conversationId, int count)
    {
        for (var i = 0; i < count; i++)
        {
            Assert.Equal(TimeSpan.Zero, Acquire(limiter, conversationId));
        }
    }

    /// <summary>A wall clock that can be stepped, over a steady clock that only moves with the time that passes.</summary>
    private sealed class SteppedWallClock : TimeProvider
    {
        private DateTimeOffset wall = new(2025, 3, 10, 9, 0, 0, TimeSpan.Zero);
        private long steadyTicks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override DateTimeOffset GetUtcNow() => wall;

        public override long GetTimestamp() => steadyTicks;

        public void Pass(TimeSpan elapsed, TimeSpan wallStep)
        {
            steadyTicks += elapsed.Ticks;
            wall += elapsed + wallStep;
        }
    }
}
