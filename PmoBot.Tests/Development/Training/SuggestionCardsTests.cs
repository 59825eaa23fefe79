using PmoBot.Development;
using PmoBot.Development.Certifications;
using PmoBot.Development.Events;
using PmoBot.Development.Training;
using PmoBot.People;
using static PmoBot.Tests.Teams.BotHarness;

namespace PmoBot.Tests.Development.Training;

/// <summary>What a plan's suggestions and a PDU gap offer: not "nothing" when the plan covers it, the reader's status and zone on each event.</summary>
public sealed class SuggestionCardsTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);

    private static readonly SuggestionReason Schedule = new("PRJ-1", "Apollo", "SPI below threshold", Now.AddDays(-5), "schedule");

    private static PmoUser Reader(string zone, params Role[] roles) => new("u-" + zone, "Reader", null, null, zone, roles.ToHashSet(), false, null);

    private static LearningEvent At(string id) => DevelopmentHarness.Sample(id, Now.AddDays(10), 10, Now.AddDays(9), Now);

    [Fact]
    public void A_programme_already_in_the_plan_is_named_instead_of_nothing_covers_it()
    {
        var megan = Reader("America/New_York", Role.ProjectManager);
        var planned = new PlanItem(megan.UserKey, "Megan", "TR-SCHED-1", new DateOnly(2026, 6, 1), PlanStatus.Planned, Now);

        var covered = TextsOf(PmoBot.Cards.AdaptiveCard.Create(TrainingCards.Suggestion(new TrainingSuggestion(Schedule, [], [], [planned]), megan, own: true)));

        Assert.Contains("Already in your plan for Schedule: TR-SCHED-1 (planned).", covered);
        Assert.DoesNotContain(covered, t => t.Contains("ask the PMO", StringComparison.Ordinal));
    }

    [Fact]
    public void Nothing_covering_an_area_sends_a_pm_to_the_pmo_but_tells_the_pmo_what_to_add()
    {
        var empty = new TrainingSuggestion(Schedule, [], [], []);

        var pm = TextsOf(PmoBot.Cards.AdaptiveCard.Create(TrainingCards.Suggestion(empty, Reader("Europe/London", Role.ProjectManager), own: true)));
        var pmo = TextsOf(PmoBot.Cards.AdaptiveCard.Create(TrainingCards.Suggestion(empty, Reader("Europe/London", Role.Pmo), own: false)));

        Assert.Contains("Nothing in the catalogue or the upcoming events covers Schedule yet; ask the PMO.", pm);
        Assert.Contains("Nothing in the catalogue or the upcoming events covers Schedule yet: add a programme (a training CSV) or an event (**event add**).", pmo);
    }

    [Fact]
    public void Offered_events_show_the_readers_status_and_time_in_the_readers_zone()
    {
        var offers = new[]
        {
            new EventOffer(At("EV-REG01"), RegistrationStatus.Registered, true),
            new EventOffer(At("EV-WAIT1"), RegistrationStatus.Waitlisted, true),
            new EventOffer(At("EV-FULL1"), null, true),
            new EventOffer(At("EV-OPEN1"), null, false),
        };
        var suggestion = new TrainingSuggestion(Schedule, [], offers, []);
        var split = At("EV-SPLIT").Pdus.Describe();

        var own = FactsOf(PmoBot.Cards.AdaptiveCard.Create(TrainingCards.Suggestion(suggestion, Reader("America/New_York", Role.ProjectManager), own: true)));
        var pmo = FactsOf(PmoBot.Cards.AdaptiveCard.Create(TrainingCards.Suggestion(suggestion, Reader("Asia/Kolkata", Role.Pmo), own: false)));

        // 10:00 UTC on 12 March 2026 is 06:00 in New York (daylight saving began there on 8 March), not the event zone's 10:00 London.
        Assert.Equal(
            [
                ("EV-REG01", $"Risk management masterclass · Thu 12 Mar 2026 06:00 (America/New_York) · {split} · you're registered"),
                ("EV-WAIT1", $"Risk management masterclass · Thu 12 Mar 2026 06:00 (America/New_York) · {split} · you're on the waitlist"),
                ("EV-FULL1", $"Risk management masterclass · Thu 12 Mar 2026 06:00 (America/New_York) · {split} · full: waitlist only"),
                ("EV-OPEN1", $"Risk management masterclass · Thu 12 Mar 2026 06:00 (America/New_York) · {split}"),
            ],
            own.Select(f => (f.Title, f.Value)));
        Assert.EndsWith($"(Asia/Kolkata) · {split} · registered", pmo[0].Value, StringComparison.Ordinal);
        var pmp = PduProgressCalculator.Calculate(new Certification("pm", "Megan", "PMP", "PMP", null, new DateOnly(2024, 1, 10), new DateOnly(2027, 1, 10), Now), [], DateOnly.FromDateTime(Now.UtcDateTime))!;
        var gap = FactsOf(CertificationCards.Pdus("Megan", [pmp], [], filling: new Dictionary<PduProgress, IReadOnlyList<EventOffer>> { [pmp] = offers }, readerZone: "America/New_York"));
        Assert.Contains(gap, f => f.Title == "EV-WAIT1" && f.Value == own[1].Value);
    }

    [Fact]
    public void A_cpd_cycle_that_points_can_no_longer_renew_is_offered_no_events_while_one_short_this_year_is()
    {
        var issued = new DateOnly(2024, 3, 12);
        var cert = new Certification("pm", "Adele", "PRINCE2-P", "PRINCE2 Practitioner", null, issued, issued.AddYears(3), Now);
        var upcoming = new[] { At("EV-CPD01") };
        PduEntry Points(decimal units, DateOnly on) => new("pm", Guid.NewGuid().ToString("N"), on, PduCategory.Education, TalentArea.WaysOfWorking, units, "cpd", Now);
        var lastYear = issued.AddYears(2).AddMonths(6);

        var closed = PduProgressCalculator.Calculate(cert, [], lastYear)!;
        var open = PduProgressCalculator.Calculate(cert, [Points(20, issued.AddMonths(3)), Points(20, issued.AddYears(1).AddMonths(3))], lastYear)!;

        Assert.Empty(CertificationSweeper.Filling(closed, upcoming, Now));
        Assert.DoesNotContain(TextsOf(CertificationCards.BehindPace(closed, [], null)), t => t.Contains("No upcoming PmoBot event", StringComparison.Ordinal));
        Assert.Equal(["EV-CPD01"], CertificationSweeper.Filling(open, upcoming, Now).Select(e => e.Id));
    }
}
