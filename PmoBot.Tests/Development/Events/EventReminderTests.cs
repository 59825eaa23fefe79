using PmoBot.Delivery;
using PmoBot.Development.Events;

namespace PmoBot.Tests.Development.Events;

/// <summary>Reminders a week and a day before, at 09:00 in each registrant's own zone, on a fake clock.</summary>
public sealed class EventReminderTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    // Tuesday 15 April 2025, 14:00 in London (13:00 UTC): 09:00 Tuesday in New York, 18:30 in Kolkata, 01:00 Wednesday in Auckland.
    private static readonly DateTimeOffset EventStart = new(2025, 4, 15, 13, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("Europe/London", "2025-04-08T08:00:00Z", "2025-04-14T08:00:00Z")]
    [InlineData("America/New_York", "2025-04-08T13:00:00Z", "2025-04-14T13:00:00Z")]
    [InlineData("Asia/Kolkata", "2025-04-08T03:30:00Z", "2025-04-14T03:30:00Z")]
    [InlineData("Pacific/Auckland", "2025-04-08T21:00:00Z", "2025-04-14T21:00:00Z")]
    public void Reminders_are_due_at_nine_local_a_week_and_a_day_before_the_local_date(string zone, string week, string day)
    {
        var learningEvent = DevelopmentHarness.Sample(EventIds.New(), EventStart, 10, EventStart, EventStart.AddDays(-30));

        Assert.Equal(DateTimeOffset.Parse(week, System.Globalization.CultureInfo.InvariantCulture), ReminderPlan.DueAt(learningEvent, zone, ReminderKind.WeekBefore, 9));
        Assert.Equal(DateTimeOffset.Parse(day, System.Globalization.CultureInfo.InvariantCulture), ReminderPlan.DueAt(learningEvent, zone, ReminderKind.DayBefore, 9));
    }

    [Fact]
    public void A_reminder_whose_time_passed_before_registering_is_not_sent_and_the_day_one_supersedes_the_week_one()
    {
        var learningEvent = DevelopmentHarness.Sample(EventIds.New(), EventStart, 10, EventStart, EventStart.AddDays(-30));
        var london = "Europe/London";
        var weekDue = ReminderPlan.DueAt(learningEvent, london, ReminderKind.WeekBefore, 9);
        var dayDue = ReminderPlan.DueAt(learningEvent, london, ReminderKind.DayBefore, 9);

        Assert.Null(ReminderPlan.Due(learningEvent, london, weekDue.AddDays(-3), weekDue.AddMinutes(-1), 9));
        Assert.Equal(ReminderKind.WeekBefore, ReminderPlan.Due(learningEvent, london, weekDue.AddDays(-3), weekDue, 9));
        Assert.Null(ReminderPlan.Due(learningEvent, london, weekDue.AddHours(1), weekDue.AddHours(2), 9));
        Assert.Equal(ReminderKind.DayBefore, ReminderPlan.Due(learningEvent, london, weekDue.AddHours(1), dayDue, 9));
        Assert.Null(ReminderPlan.Due(learningEvent, london, weekDue.AddHours(1), EventStart, 9));
    }

    [Fact]
    public async Task The_sweep_reminds_each_registrant_at_their_local_nine_once_and_never_the_waitlist()
    {
        var h = await DevelopmentHarness.CreateAsync(EventStart.AddDays(-20));
        var learningEvent = DevelopmentHarness.Sample(EventIds.New(), EventStart, 3, EventStart, h.Time.GetUtcNow());
        Assert.True(await h.Events.AddAsync(learningEvent, None));
        var ledger = h.Get<RegistrationLedger>();
        var london = await h.PersonAsync("Lon", "Europe/London");
        var newYork = await h.PersonAsync("Nyc", "America/New_York");
        var auckland = await h.PersonAsync("Akl", "Pacific/Auckland");
        var waiting = await h.PersonAsync("Wait", "Europe/London");
        foreach (var person in new[] { london, newYork, auckland, waiting })
        {
            await ledger.RespondAsync(learningEvent, DevelopmentHarness.RegistrantOf(person), EventResponse.Register, None);
        }

        var sweeper = h.Get<EventReminderSweeper>();
        async Task<IReadOnlyList<string>> SentAtAsync(DateTimeOffset at)
        {
            h.Time.SetUtcNow(at);
            await sweeper.SweepOnceAsync(None);
            var keys = new List<string>();
            foreach (var person in new[] { london, newYork, auckland, waiting })
            {
                foreach (var kind in new[] { ReminderKind.WeekBefore, ReminderKind.DayBefore })
                {
                    if (await h.Deliveries.GetAsync(EventNotices.ReminderKey(learningEvent.Id, person.UserKey, kind), None) is { } record)
                    {
                        keys.Add($"{person.Name.Split(' ')[0]}:{kind}@{record.CreatedAt:HH:mm}");
                    }
                }
            }

            return keys;
        }

        Assert.Empty(await SentAtAsync(new DateTimeOffset(2025, 4, 8, 3, 0, 0, TimeSpan.Zero)));
        Assert.Equal(["Lon:WeekBefore@08:00"], await SentAtAsync(new DateTimeOffset(2025, 4, 8, 8, 0, 0, TimeSpan.Zero)));
        Assert.Equal(["Lon:WeekBefore@08:00", "Nyc:WeekBefore@13:05"], await SentAtAsync(new DateTimeOffset(2025, 4, 8, 13, 5, 0, TimeSpan.Zero)));
        Assert.Equal(["Lon:WeekBefore@08:00", "Nyc:WeekBefore@13:05", "Akl:WeekBefore@21:00"], await SentAtAsync(new DateTimeOffset(2025, 4, 8, 21, 0, 0, TimeSpan.Zero)));
        var londonMorning = await SentAtAsync(new DateTimeOffset(2025, 4, 14, 8, 0, 0, TimeSpan.Zero));
        Assert.Contains("Lon:DayBefore@08:00", londonMorning);
        Assert.DoesNotContain(londonMorning, k => k.StartsWith("Nyc:DayBefore", StringComparison.Ordinal));
        var dayBefore = await SentAtAsync(new DateTimeOffset(2025, 4, 14, 13, 0, 0, TimeSpan.Zero));
        Assert.Contains("Nyc:DayBefore@13:00", dayBefore);
        Assert.DoesNotContain(dayBefore, k => k.StartsWith("Akl:DayBefore", StringComparison.Ordinal));
        Assert.DoesNotContain(dayBefore, k => k.StartsWith("Wait", StringComparison.Ordinal));

        // A second sweep at the same moment asks again and the outbox sends nothing new.
        var before = await h.Deliveries.GetAsync(EventNotices.ReminderKey(learningEvent.Id, london.UserKey, ReminderKind.DayBefore), None);
        await sweeper.SweepOnceAsync(None);
        var again = await h.Deliveries.GetAsync(EventNotices.ReminderKey(learningEvent.Id, london.UserKey, ReminderKind.DayBefore), None);
        Assert.Equal(before!.CreatedAt, again!.CreatedAt);
        Assert.Equal(DeliveryTarget.PersonalChat(london.UserKey), again.Target);
        Assert.Contains("tomorrow", again.Text, StringComparison.Ordinal);
        Assert.Contains("(Europe/London)", again.Text, StringComparison.Ordinal);
    }
}
