using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using PmoBot.Alerts;
using PmoBot.Delivery;
using PmoBot.Digest;
using PmoBot.People;
using PmoBot.Projects;
using PmoBot.Reviews.Schedule;
using PmoBot.Tests.TestSupport;
using static PmoBot.Tests.Digest.DigestHarness;

namespace PmoBot.Tests.Digest;

/// <summary>
/// The weekly job on a fake clock: nothing before Monday 08:00 in the PMO's zone, one digest per recipient at it,
/// nothing more however often it runs (a second instance, a restart), next week's lists what changed since this one,
/// and a week whose hour passed more than a day before the job ran is left out.
/// The clock is in a year of its own, so the outbox keys (per recipient and week) are this test's.
/// </summary>
public sealed class DigestScheduleTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public void The_schedule_is_told_in_the_pmos_zone_and_in_the_readers_own_where_their_clock_differs()
    {
        // Sunday 6 Dec 2026 12:00 UTC: the next digest is Monday 7 Dec 08:00 in London (UTC+0).
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 6, 12, 0, 0, TimeSpan.Zero));
        var digest = new WeeklyDigest(
            null!, null!, null!, null!, null!, null!, Options.Create(new DigestOptions { TimeZone = "Europe/London" }), clock, NullLogger<WeeklyDigest>.Instance);

        Assert.Equal("Monday 08:00 (Europe/London)", digest.WhenFor("Europe/London"));
        Assert.Equal("Monday 08:00 (Europe/London)", digest.WhenFor("Africa/Abidjan"));
        Assert.Equal("Monday 08:00 (Europe/London; Monday 09:00 in Europe/Berlin)", digest.WhenFor("Europe/Berlin"));
        Assert.Equal("Monday 08:00 (Europe/London; Monday 03:00 in America/New_York)", digest.WhenFor("America/New_York"));
        Assert.Equal("Monday 08:00 (Europe/London; Monday 13:30 in Asia/Kolkata)", digest.WhenFor("Asia/Kolkata"));
        Assert.Equal("Monday 08:00 (Europe/London; Monday 00:00 in America/Los_Angeles)", digest.WhenFor("America/Los_Angeles"));
    }

    [Fact]
    public async Task The_job_sends_once_per_recipient_and_week_at_the_configured_local_hour()
    {
        await using var run = await StartAsync();
        await PmoChannelAsync(run);
        var leader = await StoreAsync(run, TestPerson.New("Isaiah"), Role.Leader);
        var formerLeader = await StoreAsync(run, TestPerson.New("Lynne"), Role.ProjectManager);
        var store = run.Get<DigestStore>();
        await store.SubscribeAsync(new DigestSubscription(leader.UserKey, leader.Name, null, DateTimeOffset.UtcNow), None);
        await store.SubscribeAsync(new DigestSubscription(formerLeader.UserKey, formerLeader.Name, null, DateTimeOffset.UtcNow), None);

        // 07:59 on a Monday in London, summer time (UTC+1), in a year no other test uses.
        var london = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");
        var monday = new DateOnly(2200 + Random.Shared.Next(5000), 6, 1);
        monday = monday.AddDays(((int)DayOfWeek.Monday - (int)monday.DayOfWeek + 7) % 7);
        var clock = new FakeTimeProvider(ReviewScheduleCalculator.Resolve(monday.ToDateTime(new TimeOnly(7, 59)), london));
        WeeklyDigest Instance() => new(
            run.Get<DigestReader>(), store, run.Get<PmoNotifier>(), run.Get<Outbox>(), run.Get<PeopleDirectory>(), run.Get<IProjectVisibility>(),
            Options.Create(new DigestOptions { TimeZone = "Europe/London" }), clock, NullLogger<WeeklyDigest>.Instance);
        var digest = Instance();

        Assert.Null(await digest.RunIfDueAsync(None));
        Assert.Equal(new DateTimeOffset(monday.ToDateTime(new TimeOnly(7, 0)), TimeSpan.Zero), digest.DueAt(digest.WeekOf(clock.GetUtcNow())));

        clock.Advance(TimeSpan.FromMinutes(1));
        var first = await digest.RunIfDueAsync(None);
        Assert.NotNull(first);
        var week = first.Week;
        Assert.Equal([$"digest|{week}|channel", $"digest|{week}|{leader.UserKey}"], first.Copies.Select(c => c.IdempotencyKey));
        Assert.Null(await run.Get<Outbox>().FindAsync($"digest|{week}|{formerLeader.UserKey}", None));

        // Again an hour later, and from a second instance (a restart): the week is done.
        clock.Advance(TimeSpan.FromHours(1));
        Assert.Null(await digest.RunIfDueAsync(None));
        Assert.Null(await Instance().RunIfDueAsync(None));

        // Two instances that both passed the check before either recorded the week: the outbox keeps one per recipient.
        var racing = await Instance().SendWeekAsync(week, clock.GetUtcNow(), None);
        Assert.Equal(
            first.Copies.Select(c => (c.IdempotencyKey, c.CreatedAt)).Order(),
            racing.Copies.Select(c => (c.IdempotencyKey, c.CreatedAt)).Order());

        // Next Monday 08:00: the next week's digest, of what changed since the first was built.
        clock.Advance(TimeSpan.FromDays(7) - TimeSpan.FromHours(1));
        var second = await digest.RunIfDueAsync(None);
        Assert.NotNull(second);
        Assert.Equal(week.Next, second.Week);
        Assert.Equal(digest.DueAt(week), second.Pmo.Since);

        // A week whose hour passed more than a day ago unsent (the app was down) is left out, not sent on Thursday.
        clock.Advance(TimeSpan.FromDays(8));
        Assert.Null(await digest.RunIfDueAsync(None));
        Assert.Null(await store.GetRoundAsync(week.Next.Next, None));
    }
}

/// <summary>The digest's options as start-up validates them: a zone that does not exist stops the app with the key's name.</summary>
public sealed class DigestOptionsTests
{
    [Theory]
    [InlineData("Europe/London", true)]
    [InlineData("GMT Standard Time", true)]
    [InlineData("Mars/Olympus", false)]
    [InlineData("", false)]
    public void The_time_zone_must_be_one_the_machine_knows(string zone, bool valid)
    {
        var options = new DigestOptions { TimeZone = zone };
        var results = new List<System.ComponentModel.DataAnnotations.ValidationResult>();
        var ok = System.ComponentModel.DataAnnotations.Validator.TryValidateObject(options, new(options), results, validateAllProperties: true);
        Assert.Equal(valid, ok);
        Assert.Equal(valid, !results.Any(r => r.ErrorMessage!.StartsWith("Digest:TimeZone", StringComparison.Ordinal)));
    }
}
