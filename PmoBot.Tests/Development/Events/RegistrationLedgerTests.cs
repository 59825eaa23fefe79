using Microsoft.Extensions.Logging.Abstractions;
using PmoBot.Development.Events;
using PmoBot.People;

namespace PmoBot.Tests.Development.Events;

/// <summary>Registrations against Azurite: capacity, the waitlist, promotion and the deadline, also under concurrent presses.</summary>
public sealed class RegistrationLedgerTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Concurrent_presses_on_two_instances_never_exceed_capacity_and_waitlist_the_rest_in_one_row_each()
    {
        var h = await DevelopmentHarness.CreateAsync();
        var learningEvent = await h.EventAsync(capacity: 25);
        var people = await Task.WhenAll(Enumerable.Range(0, 90).Select(i => h.PersonAsync($"Pm{i}")));
        // Two bot instances: each has its own ledger (its own queue of presses) over the same table.
        var instances = new[] { h.Get<RegistrationLedger>(), new RegistrationLedger(h.Registrations, h.Time, NullLogger<RegistrationLedger>.Instance) };

        var outcomes = await Task.WhenAll(people.Select((p, i) => Task.Run(() => instances[i % 2].RespondAsync(learningEvent, DevelopmentHarness.RegistrantOf(p), EventResponse.Register, None))));

        var rows = await h.Registrations.ListAsync(learningEvent.Id, None);
        var counts = (await h.Registrations.GetCountsAsync(learningEvent.Id, None))!.Counts;
        Assert.Equal(90, rows.Count);
        Assert.Equal(90, rows.Select(r => r.UserKey).Distinct().Count());
        Assert.Equal(25, rows.Count(r => r.Status == RegistrationStatus.Registered));
        Assert.Equal(65, rows.Count(r => r.Status == RegistrationStatus.Waitlisted));
        Assert.Equal((25, 65), (counts.Registered, counts.Waitlisted));
        Assert.Equal(65, rows.Where(r => r.Status == RegistrationStatus.Waitlisted).Select(r => r.Seq).Distinct().Count());
        Assert.Equal(25, outcomes.Count(o => o.After?.Status == RegistrationStatus.Registered));
        Assert.All(outcomes, o => Assert.True(o.Changed));
        // Nobody left the waitlist, so the place each answer stated is the person's place in the end.
        var finalPlace = rows.Where(r => r.Status == RegistrationStatus.Waitlisted).OrderBy(r => r.Seq).Select((r, i) => (r.UserKey, Place: i + 1)).ToDictionary();
        Assert.All(outcomes.Where(o => o.After?.Status == RegistrationStatus.Waitlisted), o => Assert.Equal(finalPlace[o.After!.UserKey], o.WaitlistPlace));
    }

    [Fact]
    public async Task An_instance_sees_what_another_instance_committed_before_waitlisting_or_promoting()
    {
        var h = await DevelopmentHarness.CreateAsync();
        var learningEvent = await h.EventAsync(capacity: 1);
        var (first, second) = (h.Get<RegistrationLedger>(), new RegistrationLedger(h.Registrations, h.Time, NullLogger<RegistrationLedger>.Instance));
        var (megan, adele, nestor) = (await h.PersonAsync("Megan"), await h.PersonAsync("Adele"), await h.PersonAsync("Nestor"));

        var seated = await first.RespondAsync(learningEvent, DevelopmentHarness.RegistrantOf(megan), EventResponse.Register, None);
        var waiting = await second.RespondAsync(learningEvent, DevelopmentHarness.RegistrantOf(adele), EventResponse.Register, None);
        var behind = await first.RespondAsync(learningEvent, DevelopmentHarness.RegistrantOf(nestor), EventResponse.Register, None);
        var cancelled = await first.RespondAsync(learningEvent, DevelopmentHarness.RegistrantOf(megan), EventResponse.CantGo, None);

        Assert.Equal(RegistrationStatus.Registered, seated.After!.Status);
        Assert.Equal((RegistrationStatus.Waitlisted, 1), (waiting.After!.Status, waiting.WaitlistPlace));
        Assert.Equal((RegistrationStatus.Waitlisted, 2), (behind.After!.Status, behind.WaitlistPlace));
        Assert.Equal(adele.UserKey, Assert.Single(cancelled.Promoted!).UserKey);
        Assert.Equal(1, await h.Registrations.WaitlistPlaceAsync(learningEvent.Id, (await h.Registrations.GetAsync(learningEvent.Id, nestor.UserKey, None))!.Seq, None));
    }

    [Fact]
    public async Task Pressing_register_many_times_at_once_keeps_one_row_and_one_seat()
    {
        var h = await DevelopmentHarness.CreateAsync();
        var learningEvent = await h.EventAsync(capacity: 5);
        var megan = DevelopmentHarness.RegistrantOf(await h.PersonAsync("Megan"));
        var ledger = h.Get<RegistrationLedger>();

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => ledger.RespondAsync(learningEvent, megan, EventResponse.Register, None))));

        var row = Assert.Single(await h.Registrations.ListAsync(learningEvent.Id, None));
        Assert.Equal(RegistrationStatus.Registered, row.Status);
        Assert.Equal(1, (await h.Registrations.GetCountsAsync(learningEvent.Id, None))!.Counts.Registered);
        Assert.Single(outcomes, o => o.Changed);
    }

    [Fact]
    public async Task A_cancellation_gives_the_seat_to_the_first_on_the_waitlist()
    {
        var h = await DevelopmentHarness.CreateAsync();
        var learningEvent = await h.EventAsync(capacity: 2);
        var ledger = h.Get<RegistrationLedger>();
        var (megan, adele, nestor, lidia) = (await h.PersonAsync("Megan"), await h.PersonAsync("Adele"), await h.PersonAsync("Nestor"), await h.PersonAsync("Lidia"));
        foreach (var person in new[] { megan, adele, nestor, lidia })
        {
            await ledger.RespondAsync(learningEvent, DevelopmentHarness.RegistrantOf(person), EventResponse.Register, None);
        }

        Assert.Equal(1, await h.Registrations.WaitlistPlaceAsync(learningEvent.Id, (await h.Registrations.GetAsync(learningEvent.Id, nestor.UserKey, None))!.Seq, None));
        Assert.Equal(2, await h.Registrations.WaitlistPlaceAsync(learningEvent.Id, (await h.Registrations.GetAsync(learningEvent.Id, lidia.UserKey, None))!.Seq, None));

        var cancelled = await ledger.RespondAsync(learningEvent, DevelopmentHarness.RegistrantOf(adele), EventResponse.CantGo, None);

        Assert.Equal(RegistrationStatus.Cancelled, cancelled.After!.Status);
        var promoted = Assert.Single(cancelled.Promoted!);
        Assert.Equal(nestor.UserKey, promoted.UserKey);
        Assert.Equal(h.Time.GetUtcNow(), promoted.PromotedAt);
        Assert.Equal(RegistrationStatus.Registered, (await h.Registrations.GetAsync(learningEvent.Id, nestor.UserKey, None))!.Status);
        Assert.Equal(RegistrationStatus.Waitlisted, (await h.Registrations.GetAsync(learningEvent.Id, lidia.UserKey, None))!.Status);
        Assert.Equal(1, await h.Registrations.WaitlistPlaceAsync(learningEvent.Id, (await h.Registrations.GetAsync(learningEvent.Id, lidia.UserKey, None))!.Seq, None));
        var counts = (await h.Registrations.GetCountsAsync(learningEvent.Id, None))!.Counts;
        Assert.Equal((2, 1, 1), (counts.Registered, counts.Waitlisted, counts.Cancelled));
    }

    [Fact]
    public async Task Leaving_the_waitlist_promotes_nobody_and_a_new_registration_queues_behind_those_waiting()
    {
        var h = await DevelopmentHarness.CreateAsync();
        var learningEvent = await h.EventAsync(capacity: 1);
        var ledger = h.Get<RegistrationLedger>();
        var (megan, adele, nestor) = (await h.PersonAsync("Megan"), await h.PersonAsync("Adele"), await h.PersonAsync("Nestor"));
        await ledger.RespondAsync(learningEvent, DevelopmentHarness.RegistrantOf(megan), EventResponse.Register, None);
        await ledger.RespondAsync(learningEvent, DevelopmentHarness.RegistrantOf(adele), EventResponse.Register, None);

        var left = await ledger.RespondAsync(learningEvent, DevelopmentHarness.RegistrantOf(adele), EventResponse.CantGo, None);
        var late = await ledger.RespondAsync(learningEvent, DevelopmentHarness.RegistrantOf(nestor), EventResponse.Register, None);

        Assert.Empty(left.Promoted ?? []);
        Assert.Equal(RegistrationStatus.Waitlisted, late.After!.Status);
        Assert.Equal(RegistrationStatus.Registered, (await h.Registrations.GetAsync(learningEvent.Id, megan.UserKey, None))!.Status);
    }

    [Fact]
    public async Task Registration_closes_at_the_deadline_but_interest_and_cancellation_still_work()
    {
        var h = await DevelopmentHarness.CreateAsync();
        var learningEvent = await h.EventAsync(capacity: 10, inDays: 14, deadline: h.Time.GetUtcNow().AddDays(7));
        var ledger = h.Get<RegistrationLedger>();
        var (early, late) = (await h.PersonAsync("Early"), await h.PersonAsync("Late"));

        var before = await ledger.RespondAsync(learningEvent, DevelopmentHarness.RegistrantOf(early), EventResponse.Register, None);
        h.Time.Advance(TimeSpan.FromDays(7));
        var after = await ledger.RespondAsync(learningEvent, DevelopmentHarness.RegistrantOf(late), EventResponse.Register, None);
        var interested = await ledger.RespondAsync(learningEvent, DevelopmentHarness.RegistrantOf(late), EventResponse.Interested, None);
        var cancelled = await ledger.RespondAsync(learningEvent, DevelopmentHarness.RegistrantOf(early), EventResponse.CantGo, None);

        Assert.Equal(RegistrationStatus.Registered, before.After!.Status);
        Assert.StartsWith("Registration closed at the deadline", after.Refusal, StringComparison.Ordinal);
        Assert.Null(after.After);
        Assert.Equal(RegistrationStatus.Interested, interested.After!.Status);
        Assert.Equal(RegistrationStatus.Cancelled, cancelled.After!.Status);
    }

    [Fact]
    public async Task Attendance_marks_only_people_holding_a_seat_and_keeps_the_counts()
    {
        var h = await DevelopmentHarness.CreateAsync();
        var learningEvent = await h.EventAsync(capacity: 2);
        var ledger = h.Get<RegistrationLedger>();
        var (megan, adele, nestor) = (await h.PersonAsync("Megan"), await h.PersonAsync("Adele"), await h.PersonAsync("Nestor"));
        foreach (var person in new[] { megan, adele, nestor })
        {
            await ledger.RespondAsync(learningEvent, DevelopmentHarness.RegistrantOf(person), EventResponse.Register, None);
        }

        var marks = await ledger.MarkAttendanceAsync(learningEvent.Id, new Dictionary<string, bool> { [megan.UserKey] = true, [adele.UserKey] = false, [nestor.UserKey] = true }, None);

        Assert.Equal(2, marks.Count);
        Assert.Equal(RegistrationStatus.Attended, (await h.Registrations.GetAsync(learningEvent.Id, megan.UserKey, None))!.Status);
        Assert.Equal(RegistrationStatus.NoShow, (await h.Registrations.GetAsync(learningEvent.Id, adele.UserKey, None))!.Status);
        Assert.Equal(RegistrationStatus.Waitlisted, (await h.Registrations.GetAsync(learningEvent.Id, nestor.UserKey, None))!.Status);
        var counts = (await h.Registrations.GetCountsAsync(learningEvent.Id, None))!.Counts;
        Assert.Equal((0, 1, 1, 2), (counts.Registered, counts.Attended, counts.NoShow, counts.Seats));
    }

    [Fact]
    public void Rules_refuse_changes_after_attendance_and_registration_after_the_start()
    {
        var start = DevelopmentHarness.Start.AddDays(3);
        var learningEvent = DevelopmentHarness.Sample(EventIds.New(), start, 5, start, DevelopmentHarness.Start);

        Assert.NotNull(RegistrationRules.Next(learningEvent, RegistrationStatus.Attended, EventResponse.CantGo, RegistrationCounts.Empty, start.AddHours(3)).Refusal);
        Assert.StartsWith("The event has started", RegistrationRules.Next(learningEvent, null, EventResponse.Register, RegistrationCounts.Empty, start).Refusal, StringComparison.Ordinal);
        Assert.Equal(RegistrationStatus.Registered, RegistrationRules.Next(learningEvent, null, EventResponse.Register, RegistrationCounts.Empty, start.AddMinutes(-1)).Next);
        Assert.Equal(RegistrationStatus.Waitlisted, RegistrationRules.Next(learningEvent, null, EventResponse.Register, RegistrationCounts.Empty with { Registered = 5 }, start.AddDays(-1)).Next);
        // Someone waiting keeps their turn: a newcomer joins the queue even when a seat is (briefly) free.
        Assert.Equal(RegistrationStatus.Waitlisted, RegistrationRules.Next(learningEvent, null, EventResponse.Register, RegistrationCounts.Empty with { Registered = 4, Waitlisted = 1 }, start.AddDays(-1)).Next);
    }
}
